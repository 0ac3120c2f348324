/**
 * The AlimTalk templates registered with KakaoTalk through the provider, one per kind of message
 * and language, in the catalogue's words with `#{…}` for what varies. KakaoTalk delivers only a
 * text that is its template with the variables filled in, so a message is sent as AlimTalk only
 * when it matches one; any other (a kind without a template, a catalogue changed since the
 * templates were approved) goes as SMS. The template ids are those registered in the provider's console.
 */
export type AlimtalkTemplate = { kind: string; templateId: string; text: string };

export const ALIMTALK_TEMPLATES: readonly AlimtalkTemplate[] = [
  { kind: 'CALL_REQUESTED', templateId: 'CALL_REQUESTED_KO', text: '[택시] #{목적지}(으)로 가는 택시를 찾고 있습니다.' },
  { kind: 'CALL_REQUESTED', templateId: 'CALL_REQUESTED_EN', text: 'We are finding a taxi to #{destination}.' },
  { kind: 'CALL_DISPATCHED', templateId: 'CALL_DISPATCHED_KO', text: '[택시] #{차량번호} #{기사명} 기사님이 배차되었습니다. 곧 도착합니다.' },
  { kind: 'CALL_DISPATCHED', templateId: 'CALL_DISPATCHED_EN', text: '#{driver} (#{vehicle}) accepted your call and is on the way.' },
  { kind: 'TAXI_ARRIVED', templateId: 'TAXI_ARRIVED_KO', text: '[택시] 택시가 출발지에 도착했습니다. 탑승해 주세요.' },
  { kind: 'TAXI_ARRIVED', templateId: 'TAXI_ARRIVED_EN', text: 'Your taxi has arrived at the pickup.' },
  { kind: 'RIDE_STARTED', templateId: 'RIDE_STARTED_KO', text: '[택시] 운행을 시작했습니다. 안전하고 편안한 이동 되세요.' },
  { kind: 'RIDE_STARTED', templateId: 'RIDE_STARTED_EN', text: 'Your ride has started. Enjoy the trip.' },
  { kind: 'RIDE_FINISHED', templateId: 'RIDE_FINISHED_KO', text: '[택시] 목적지에 도착했습니다. 요금은 #{요금}입니다.' },
  { kind: 'RIDE_FINISHED', templateId: 'RIDE_FINISHED_EN', text: 'You have arrived. The fare is #{fare}.' },
  { kind: 'PAYMENT_APPROVED', templateId: 'PAYMENT_APPROVED_KO', text: '[택시] 결제가 완료되었습니다. 이용해 주셔서 감사합니다.' },
  { kind: 'PAYMENT_APPROVED', templateId: 'PAYMENT_APPROVED_EN', text: 'Your payment was approved. Thank you for riding with us.' },
  {
    kind: 'PAYMENT_PENDING',
    templateId: 'PAYMENT_PENDING_KO',
    text: '[택시] 결제가 잠시 지연되고 있습니다. 곧 자동으로 결제되니 따로 하실 일은 없습니다.',
  },
  { kind: 'PAYMENT_REFUNDED', templateId: 'PAYMENT_REFUNDED_KO', text: '[택시] 결제하신 요금이 환불되었습니다.' },
  { kind: 'CALL_CANCELLED', templateId: 'CALL_CANCELLED_KO', text: '[택시] 호출이 취소되었습니다.' },
  { kind: 'CALL_CANCELLED', templateId: 'CALL_CANCELLED_BY_CENTRE_KO', text: '[택시] 고객센터에서 호출을 취소했습니다.' },
  {
    kind: 'ASSIGNMENT_CANCELLED',
    templateId: 'ASSIGNMENT_CANCELLED_KO',
    text: '[택시] #{취소한곳} 호출을 취소했습니다. 다음 호출을 받으실 수 있습니다.',
  },
];

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const VARIABLE = /#\{([^}]+)\}/g;

/** The variables that make `template` read `message`, or null when the message is not this template's. */
export const variablesFor = (template: AlimtalkTemplate, message: string): Record<string, string> | null => {
  const names = [...template.text.matchAll(VARIABLE)].map((match) => match[1]!);
  const pattern = new RegExp(
    `^${template.text
      .split(VARIABLE)
      .map((part, index) => (index % 2 === 1 ? '(.+?)' : escaped(part)))
      .join('')}$`,
    'u',
  );
  const match = pattern.exec(message);
  if (!match) return null;
  return Object.fromEntries(names.map((name, index) => [`#{${name}}`, match[index + 1]!]));
};

/** The template text with the variables filled in, as KakaoTalk renders it. */
export const render = (template: AlimtalkTemplate, variables: Record<string, string>): string =>
  template.text.replace(VARIABLE, (placeholder) => variables[placeholder] ?? placeholder);

/** The template this message of this kind is written in, with its variables, or null. */
export const alimtalkFor = (kind: string, message: string): { template: AlimtalkTemplate; variables: Record<string, string> } | null => {
  for (const template of ALIMTALK_TEMPLATES) {
    if (template.kind !== kind) continue;
    const variables = variablesFor(template, message);
    if (variables) return { template, variables };
  }
  return null;
};
