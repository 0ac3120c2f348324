import type { Money } from '../../domain/driving/fare.js';
import type { CancelledBy } from '../../domain/call/call.js';
import type { LogEvent, LogEventOfType, LogEventType } from '../../domain/events.js';
import type { Locale } from '../../domain/shared/locale.js';

export type NotificationContent = { kind: string; status: string; message: string };

/** "12,300원" as Korean apps write it; "12,300 KRW" in English. */
export const formatFare = (money: Money, locale: Locale) =>
  locale === 'ko' && money.currency === 'KRW'
    ? `${money.amount.toLocaleString('ko-KR')}원`
    : `${money.amount.toLocaleString('en-US')} ${money.currency}`;

/**
 * One catalogue per language, one template per kind of message, written as a Korean taxi app
 * writes them ("[택시] …"). The templates that quote personal data take it as arguments, so a read
 * model can say the same message again with the data erased.
 */
const catalogue = {
  ko: {
    CALL_REQUESTED: (destination: string) => `[택시] ${destination}(으)로 가는 택시를 찾고 있습니다.`,
    CALL_DISPATCHED: (driverName: string, vehicleNo: string) => `[택시] ${vehicleNo} ${driverName} 기사님이 배차되었습니다. 곧 도착합니다.`,
    RIDE_STARTED: () => '[택시] 운행을 시작했습니다. 안전하고 편안한 이동 되세요.',
    RIDE_FINISHED: (fare: Money) => `[택시] 목적지에 도착했습니다. 요금은 ${formatFare(fare, 'ko')}입니다.`,
    PAYMENT_APPROVED: () => '[택시] 결제가 완료되었습니다. 이용해 주셔서 감사합니다.',
    PAYMENT_PENDING: () => '[택시] 결제가 잠시 지연되고 있습니다. 곧 자동으로 결제되니 따로 하실 일은 없습니다.',
    PAYMENT_FAILED: () => '[택시] 카드 결제에 실패했습니다. 결제 수단을 확인해 주세요.',
    PAYMENT_REFUNDED: () => '[택시] 결제하신 요금이 환불되었습니다.',
    PAYMENT_VOIDED: () => '[택시] 결제 전에 운행이 취소되어 요금이 청구되지 않습니다.',
    PAYMENT_WAIVED: () => '[택시] 고객센터에서 이번 운행 요금을 면제했습니다. 내실 금액이 없습니다.',
    CALL_CANCELLED: (by: CancelledBy) => (by === 'operator' ? '[택시] 고객센터에서 호출을 취소했습니다.' : '[택시] 호출이 취소되었습니다.'),
    NO_DRIVER_FOUND: () => '[택시] 죄송합니다. 지금은 배차 가능한 택시가 없습니다. 잠시 후 다시 호출해 주세요.',
    TAXI_ARRIVED: () => '[택시] 택시가 출발지에 도착했습니다. 탑승해 주세요.',
    DRIVER_RELEASED: () => '[택시] 배차된 기사님이 운행할 수 없어 호출을 반납했습니다. 다른 택시를 찾고 있습니다.',
    ASSIGNMENT_REASSIGNED: () => '[택시] 고객센터에서 이 호출을 다른 기사님께 배정했습니다. 다음 호출을 받으실 수 있습니다.',
    CALL_OFFERED: () => '[택시] 새 호출이 배정 대기 중입니다. 앱에서 수락해 주세요.',
    ASSIGNMENT_CANCELLED: (by: CancelledBy | undefined) =>
      `[택시] ${by === 'operator' ? '고객센터에서' : by === 'system' ? '시스템이' : '승객이'} 호출을 취소했습니다. 다음 호출을 받으실 수 있습니다.`,
  },
  en: {
    CALL_REQUESTED: (destination: string) => `We are finding a taxi to ${destination}.`,
    CALL_DISPATCHED: (driverName: string, vehicleNo: string) => `${driverName} (${vehicleNo}) accepted your call and is on the way.`,
    RIDE_STARTED: () => 'Your ride has started. Enjoy the trip.',
    RIDE_FINISHED: (fare: Money) => `You have arrived. The fare is ${formatFare(fare, 'en')}.`,
    PAYMENT_APPROVED: () => 'Your payment was approved. Thank you for riding with us.',
    PAYMENT_PENDING: () => 'Payment is pending; we will charge your card shortly. No action is needed.',
    PAYMENT_FAILED: () => 'We could not charge your card. Please update your payment method.',
    PAYMENT_REFUNDED: () => 'Your payment was refunded.',
    PAYMENT_VOIDED: () => 'Your ride was cancelled before we charged your card: you will not be charged.',
    PAYMENT_WAIVED: () => 'Our customer centre waived the fare of this ride: you owe nothing for it.',
    CALL_CANCELLED: (by: CancelledBy) => (by === 'operator' ? 'Our customer centre cancelled your ride.' : 'Your call was cancelled.'),
    NO_DRIVER_FOUND: () => 'Sorry, no driver is available right now. Please try again.',
    TAXI_ARRIVED: () => 'Your taxi has arrived at the pickup.',
    DRIVER_RELEASED: () => 'Your driver could not make it and gave the call back. We are finding you another taxi.',
    ASSIGNMENT_REASSIGNED: () => 'Our customer centre gave this call to another driver. You are free to take the next call.',
    CALL_OFFERED: () => 'A new call is offered to you. Open the app to accept it.',
    ASSIGNMENT_CANCELLED: (by: CancelledBy | undefined) =>
      `${by ? { operator: 'Our customer centre cancelled the call.', passenger: 'The passenger cancelled the call.', system: 'The call was cancelled by the system.' }[by] : "The passenger's call was cancelled."} You are free to take the next call.`,
  },
} satisfies Record<Locale, unknown>;

/** The messages that quote personal data, so a read model can say them again with the data erased. */
export const personalMessages = (locale: Locale) => ({
  CALL_REQUESTED: catalogue[locale].CALL_REQUESTED,
  CALL_DISPATCHED: catalogue[locale].CALL_DISPATCHED,
});

/** What a driver whose assignment was cancelled is told: who cancelled, and that they may take the next call. */
export const driverCancelMessage = (cancelledBy: CancelledBy | undefined, locale: Locale): string =>
  catalogue[locale].ASSIGNMENT_CANCELLED(cancelledBy);

/** What a driver offered a call is told outside the app. */
export const offerMessage = (locale: Locale): string => catalogue[locale].CALL_OFFERED();

/** What a driver whose call the customer centre gave to another driver is told. */
export const reassignedMessage = (locale: Locale): string => catalogue[locale].ASSIGNMENT_REASSIGNED();

type Say = (typeof catalogue)[Locale];
type Told<Type extends LogEventType> = (event: LogEventOfType<Type>, say: Say) => NotificationContent | null;

/**
 * What the passenger is told at each status change, by the event that tells it: one entry per
 * event type, so the read model that keeps the messages handles exactly these (`TOLD_EVENTS`).
 * A repeated deferral is not news; the first one is.
 */
const told = {
  CallRequested: (event, say) => ({ kind: 'CALL_REQUESTED', status: 'REQUESTED', message: say.CALL_REQUESTED(event.data.destination.address) }),
  DriverAccepted: (event, say) => ({
    kind: 'CALL_DISPATCHED',
    status: 'DISPATCHED',
    message: say.CALL_DISPATCHED(event.data.driverName, event.data.vehicleNo),
  }),
  DriverArrived: (_event, say) => ({ kind: 'TAXI_ARRIVED', status: 'DISPATCHED', message: say.TAXI_ARRIVED() }),
  CallReleased: (_event, say) => ({ kind: 'DRIVER_RELEASED', status: 'REQUESTED', message: say.DRIVER_RELEASED() }),
  RideStarted: (_event, say) => ({ kind: 'RIDE_STARTED', status: 'DRIVING', message: say.RIDE_STARTED() }),
  RideFinished: (event, say) => ({ kind: 'RIDE_FINISHED', status: 'FINISHED', message: say.RIDE_FINISHED(event.data.fare) }),
  PaymentApproved: (_event, say) => ({ kind: 'PAYMENT_APPROVED', status: 'APPROVED', message: say.PAYMENT_APPROVED() }),
  PaymentDeferred: (event, say) => (event.data.attempt === 1 ? { kind: 'PAYMENT_PENDING', status: 'PENDING', message: say.PAYMENT_PENDING() } : null),
  PaymentFailed: (_event, say) => ({ kind: 'PAYMENT_FAILED', status: 'FAILED', message: say.PAYMENT_FAILED() }),
  PaymentRefunded: (_event, say) => ({ kind: 'PAYMENT_REFUNDED', status: 'REFUNDED', message: say.PAYMENT_REFUNDED() }),
  PaymentVoided: (_event, say) => ({ kind: 'PAYMENT_VOIDED', status: 'VOIDED', message: say.PAYMENT_VOIDED() }),
  PaymentWaived: (_event, say) => ({ kind: 'PAYMENT_WAIVED', status: 'WAIVED', message: say.PAYMENT_WAIVED() }),
  CallCancelled: (event, say) => ({ kind: 'CALL_CANCELLED', status: 'CANCELLED', message: say.CALL_CANCELLED(event.data.cancelledBy) }),
  CallExpired: (_event, say) => ({ kind: 'NO_DRIVER_FOUND', status: 'NO_DRIVER_FOUND', message: say.NO_DRIVER_FOUND() }),
} satisfies { [Type in LogEventType]?: Told<Type> };

export type ToldEventType = keyof typeof told;
/** The events a passenger may be told of. */
export const TOLD_EVENTS = Object.keys(told) as ToldEventType[];
const isTold = (event: LogEvent): event is LogEventOfType<ToldEventType> => Object.hasOwn(told, event.type);

/** What the passenger is told of an event, in their language, or null when it is not news to them. */
export const notificationFor = (event: LogEvent, locale: Locale): NotificationContent | null => {
  if (!isTold(event)) return null;
  // TypeScript cannot tie the entry picked by `event.type` to the event's own type (a correlated
  // union); the table's `satisfies` above is what makes each entry take its event.
  const tell = told[event.type] as Told<ToldEventType>;
  return tell(event, catalogue[locale]);
};
