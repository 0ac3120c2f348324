import type { CallStatus, PaymentStatus } from './api/types.js';

const en = {
  appTitle: 'Taxi console',
  passenger: 'Passenger',
  driver: 'Driver',
  operator: 'Operator',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signedInAs: 'Signed in as',
  role: 'Role',
  userId: 'Id',
  driverName: 'Driver name',
  vehicleNo: 'Vehicle number',
  signInWithProvider: 'Sign in with your account',
  signingIn: 'Signing in…',
  map: 'Map of Seoul',
  mapHintPassenger: 'Click the map to set the chosen point, or pick a preset place.',
  mapHintDriver: 'Drag your taxi marker, or click the map to move there.',
  pickup: 'Pickup',
  destination: 'Destination',
  choosing: 'A map click sets',
  presetPlace: 'Preset place',
  choose: 'Choose…',
  rideType: 'Ride type',
  freeTaxisNearby: 'Free taxis nearby',
  estimate: 'Estimated fare',
  requestTaxi: 'Request a taxi',
  cancelRide: 'Cancel the ride',
  currentCall: 'Your ride',
  status: 'Status',
  vehicle: 'Taxi',
  eta: 'Arrives in',
  fare: 'Fare',
  payment: 'Payment',
  notifications: 'Notifications',
  history: 'Ride history',
  nothingYet: 'Nothing yet.',
  notAvailable: 'Not available on this server yet.',
  online: 'Go online',
  offline: 'Go offline',
  youAre: 'You are',
  ONLINE: 'online',
  OFFLINE: 'offline',
  ON_RIDE: 'on a ride',
  position: 'Position',
  offers: 'Offers',
  accept: 'Accept',
  decline: 'Decline',
  secondsLeft: 's left',
  toPickup: 'To the pickup',
  refused: 'Refused',
  done: 'Done',
  reason: 'Reason (kept in the call history)',
  byTheCentre: 'By the dispatch centre',
  assignTo: 'Give the call to',
  assign: 'Assign',
  cancelCall: 'Cancel the call',
  fareOverride: 'Fare to charge (KRW, empty: the meter)',
  forceFinish: 'Finish the ride',
  phoneBooking: 'Phone booking',
  phone: 'Phone number',
  passengerName: 'Passenger name',
  language: 'Language of the messages',
  book: 'Book a taxi',
  driversPanel: 'Taxis',
  releases: 'calls given back:',
  setOffline: 'Set offline',
  attention: 'Needs attention',
  stuckDispatched: 'Stuck before pickup',
  longRide: 'Ride far past its estimate',
  busyWithoutRide: 'Taxi busy without a ride',
  arrived: 'Arrived at the pickup',
  arriveAtPickup: "I'm at the pickup",
  releaseReason: 'Give the call back because',
  releaseCall: 'Give the call back',
  releaseCarTrouble: 'the car broke down',
  releaseTooFar: 'traffic: I cannot get there in time',
  releaseNoPassenger: 'the passenger is not at the pickup',
  taxiArrived: 'Your taxi is at the pickup',
  taxis: 'Taxis',
  etaDestination: 'At the destination in',
  fareSoFar: 'Fare so far, about',
  noTaxiNear: 'No free taxi is near the pickup right now. You can still call: we keep looking for a few minutes.',
  searching: 'Search',
  updatedAt: 'Updated',
  retried: 'Charged again',
  pickupName: 'Pickup, as the driver should read it',
  destinationName: 'Destination, as the driver should read it',
  receipt: 'Receipt',
  baseFare: 'Base fare',
  distanceCharge: 'Distance',
  timeCharge: 'Time (slow traffic)',
  nightSurcharge: 'Night surcharge',
  minimumTopUp: 'Up to the minimum fare',
  rounding: 'Rounding',
  rateRide: 'How was your ride?',
  starsLabel: '{stars} of 5 stars',
  thanksForRating: 'Thank you: you rated this ride {stars}.',
  estimateExplained: 'From the tariff over the route: the fare is what the meter measures on the ride.',
  callList: 'Open calls, nearest first',
  away: 'away',
  driveToPickup: 'Drive to pickup',
  driveToDestination: 'Drive to destination',
  startRide: 'Start the ride',
  finishRide: 'Finish the ride',
  todayEarnings: "Today's earnings",
  rides: 'Rides',
  register: 'Register as a driver',
  liveMap: 'City now',
  calls: 'Calls',
  filters: 'Filters',
  all: 'All',
  passengerId: 'Passenger id',
  driverId: 'Driver id',
  apply: 'Apply',
  callId: 'Call',
  requestedAt: 'Requested',
  timeline: 'Timeline',
  paymentsAttention: 'Payments needing attention',
  retry: 'Retry',
  deadLetters: 'Undelivered notifications',
  replay: 'Replay',
  readModelLag: 'Read-model lag',
  eventsBehind: 'events behind',
  secondsBehind: 'seconds behind',
  dailyReport: 'Daily report',
  ridesPerDay: 'Rides per day',
  revenue: 'Revenue by ride type',
  requested: 'Requested',
  finished: 'Finished',
  cancelled: 'Cancelled',
  legendFree: 'free taxi',
  legendBusy: 'on a ride',
  legendCall: 'open call',
  legendDispatched: 'taxi on its way',
  noDriver: 'No taxi found',
  day: 'Day',
  timeToAccept: 'Time to accept (median)',
  cancellationRate: 'Cancellation rate',
  moveTo: 'Move to',
  rideCancelled: 'The passenger cancelled this ride.',
  error: 'Something went wrong',
  close: 'Close',
};
export type MessageKey = keyof typeof en;

const ko: Record<MessageKey, string> = {
  appTitle: '택시 콘솔',
  passenger: '승객',
  driver: '기사',
  operator: '운영자',
  signIn: '로그인',
  signOut: '로그아웃',
  signedInAs: '로그인:',
  role: '역할',
  userId: '아이디',
  driverName: '기사 이름',
  vehicleNo: '차량 번호',
  signInWithProvider: '계정으로 로그인',
  signingIn: '로그인 중…',
  map: '서울 지도',
  mapHintPassenger: '지도를 클릭해 선택한 지점을 정하거나 자주 가는 장소를 고르세요.',
  mapHintDriver: '택시 표시를 끌거나 지도를 클릭해 이동하세요.',
  pickup: '출발지',
  destination: '도착지',
  choosing: '지도 클릭으로 정할 곳',
  presetPlace: '자주 가는 장소',
  choose: '선택…',
  rideType: '차종',
  freeTaxisNearby: '주변 빈 택시',
  estimate: '예상 요금',
  requestTaxi: '택시 호출',
  cancelRide: '호출 취소',
  currentCall: '내 운행',
  status: '상태',
  vehicle: '택시',
  eta: '도착 예정',
  fare: '요금',
  payment: '결제',
  notifications: '알림',
  history: '이용 내역',
  nothingYet: '아직 없습니다.',
  notAvailable: '이 서버에서는 아직 제공되지 않습니다.',
  online: '영업 시작',
  offline: '영업 종료',
  youAre: '현재',
  ONLINE: '온라인',
  OFFLINE: '오프라인',
  ON_RIDE: '운행 중',
  position: '위치',
  offers: '배차 제안',
  accept: '수락',
  decline: '거절',
  secondsLeft: '초 남음',
  toPickup: '출발지까지',
  refused: '거절됨',
  done: '완료',
  reason: '사유 (호출 이력에 남습니다)',
  byTheCentre: '배차 센터 조치',
  assignTo: '배차할 택시',
  assign: '배차',
  cancelCall: '호출 취소',
  fareOverride: '청구 요금 (원, 비우면 미터 요금)',
  forceFinish: '운행 강제 종료',
  phoneBooking: '전화 접수',
  phone: '전화번호',
  passengerName: '승객 이름',
  language: '안내 메시지 언어',
  book: '택시 접수',
  driversPanel: '택시',
  releases: '반납 횟수:',
  setOffline: '오프라인 처리',
  attention: '확인 필요',
  stuckDispatched: '픽업 전 지연',
  longRide: '예상보다 긴 운행',
  busyWithoutRide: '운행 없이 운행 중 표시',
  arrived: '출발지 도착',
  arriveAtPickup: '출발지 도착 알림',
  releaseReason: '호출 반납 사유',
  releaseCall: '호출 반납',
  releaseCarTrouble: '차량 고장',
  releaseTooFar: '교통 정체로 제시간에 갈 수 없음',
  releaseNoPassenger: '출발지에 승객이 없음',
  taxiArrived: '택시가 출발지에 도착했습니다',
  taxis: '택시',
  etaDestination: '도착까지',
  fareSoFar: '현재까지 요금(예상)',
  noTaxiNear: '지금 출발지 주변에 빈 택시가 없습니다. 호출하시면 몇 분 동안 계속 찾아 드립니다.',
  searching: '배차 진행',
  updatedAt: '갱신',
  retried: '다시 결제함',
  pickupName: '기사님께 보일 출발지 이름',
  destinationName: '기사님께 보일 도착지 이름',
  receipt: '영수증',
  baseFare: '기본요금',
  distanceCharge: '거리 요금',
  timeCharge: '시간 요금(저속)',
  nightSurcharge: '심야 할증',
  minimumTopUp: '최소 요금 보정',
  rounding: '단수 조정',
  rateRide: '이번 운행은 어떠셨나요?',
  starsLabel: '별점 {stars}점',
  thanksForRating: '별점 {stars}을 남겨 주셔서 감사합니다.',
  estimateExplained: '경로와 요금표로 계산한 예상 요금이며, 실제 요금은 미터기로 측정됩니다.',
  callList: '대기 중인 호출 (가까운 순)',
  away: '거리',
  driveToPickup: '출발지로 이동',
  driveToDestination: '도착지로 이동',
  startRide: '운행 시작',
  finishRide: '운행 종료',
  todayEarnings: '오늘 수입',
  rides: '운행',
  register: '기사 등록',
  liveMap: '실시간 현황',
  calls: '호출',
  filters: '필터',
  all: '전체',
  passengerId: '승객 아이디',
  driverId: '기사 아이디',
  apply: '적용',
  callId: '호출',
  requestedAt: '호출 시각',
  timeline: '이력',
  paymentsAttention: '확인이 필요한 결제',
  retry: '재시도',
  deadLetters: '전달되지 않은 알림',
  replay: '다시 보내기',
  readModelLag: '조회 모델 지연',
  eventsBehind: '개 이벤트 지연',
  secondsBehind: '초 지연',
  dailyReport: '일일 보고서',
  ridesPerDay: '일별 운행',
  revenue: '차종별 매출',
  requested: '호출',
  finished: '완료',
  cancelled: '취소',
  legendFree: '빈 택시',
  legendBusy: '운행 중',
  legendCall: '대기 호출',
  legendDispatched: '배차 완료',
  noDriver: '배차 실패',
  day: '날짜',
  timeToAccept: '수락까지 걸린 시간(중앙값)',
  cancellationRate: '취소율',
  moveTo: '이동할 곳',
  rideCancelled: '승객이 호출을 취소했습니다.',
  error: '문제가 발생했습니다',
  close: '닫기',
};

const STATUS: Record<'en' | 'ko', Record<CallStatus, string>> = {
  en: {
    REQUESTED: 'Looking for a taxi',
    DISPATCHED: 'Taxi on the way',
    DRIVING: 'On the ride',
    FINISHED: 'Finished',
    CANCELLED: 'Cancelled',
    NO_DRIVER_FOUND: 'No taxi found',
  },
  ko: {
    REQUESTED: '배차 중',
    DISPATCHED: '택시가 오는 중',
    DRIVING: '운행 중',
    FINISHED: '운행 완료',
    CANCELLED: '취소됨',
    NO_DRIVER_FOUND: '배차 실패',
  },
};

/** Korean when the browser prefers it (before English), else English. */
const pick = (): 'en' | 'ko' => {
  for (const language of navigator.languages ?? [navigator.language]) {
    if (language.toLowerCase().startsWith('ko')) return 'ko';
    if (language.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
};

const RIDE_TYPE: Record<'en' | 'ko', Record<string, string>> = {
  en: { STANDARD: 'Standard', DELUXE: 'Deluxe', VAN: 'Van' },
  ko: { STANDARD: '일반 택시', DELUXE: '모범 택시', VAN: '대형 승합' },
};

const PAYMENT: Record<'en' | 'ko', Record<PaymentStatus, string>> = {
  en: { PENDING: 'Pending', APPROVED: 'Paid', FAILED: 'Failed', REFUNDED: 'Refunded', VOIDED: 'Not charged', WAIVED: 'Waived' },
  ko: { PENDING: '결제 대기', APPROVED: '결제 완료', FAILED: '결제 실패', REFUNDED: '환불 완료', VOIDED: '결제 취소', WAIVED: '요금 면제' },
};

const DRIVER_STATUS: Record<'en' | 'ko', Record<string, string>> = {
  en: { ONLINE: 'online', OFFLINE: 'offline', ON_RIDE: 'on a ride', AWAY: 'away (no signal)' },
  ko: { ONLINE: '온라인', OFFLINE: '오프라인', ON_RIDE: '운행 중', AWAY: '연결 끊김' },
};

/** The read models by what they serve, for the operator's lag panel. */
const READ_MODEL: Record<'en' | 'ko', Record<string, string>> = {
  en: {
    dashboard: 'Ride dashboard',
    'call-list': 'Open calls',
    drivers: 'Drivers',
    notifications: 'Passenger notifications',
    'daily-report': 'Daily report',
    'driver-rides': "Drivers' rides",
    'driver-notifications': 'Driver notifications',
    payments: 'Payments',
    receipts: 'Receipts',
  },
  ko: {
    dashboard: '운행 현황',
    'call-list': '대기 호출',
    drivers: '기사',
    notifications: '승객 알림',
    'daily-report': '일일 보고서',
    'driver-rides': '기사 운행 내역',
    'driver-notifications': '기사 알림',
    payments: '결제',
    receipts: '영수증',
  },
};

export const language = pick();
const messages = language === 'ko' ? ko : en;
export const t = (key: MessageKey) => messages[key];
export const statusLabel = (status: CallStatus) => STATUS[language][status] ?? status;
export const rideTypeLabel = (rideType: string) => RIDE_TYPE[language][rideType] ?? rideType;
export const paymentLabel = (status: PaymentStatus | null | undefined) => (status ? (PAYMENT[language][status] ?? status) : '–');
export const readModelLabel = (name: string) => READ_MODEL[language][name] ?? name;
export const driverStatusLabel = (status: string) => DRIVER_STATUS[language][status] ?? status;

/** "3 rides" / "1 ride" in English; Korean counts with a counter word and no plural ("3건"). */
export const countOf = (count: number, noun: { one: string; other: string; ko: string }) =>
  language === 'ko' ? `${count.toLocaleString('ko-KR')}${noun.ko}` : `${count.toLocaleString('en-GB')} ${count === 1 ? noun.one : noun.other}`;
export const RIDES = { one: 'ride', other: 'rides', ko: '건' };
const DRIVERS = { one: 'driver', other: 'drivers', ko: '명' };
/** "Offered to 2 drivers so far" / "지금까지 기사님 2명에게 요청했어요". */
export const offeredToText = (count: number) =>
  language === 'ko' ? `지금까지 기사님 ${countOf(count, DRIVERS)}에게 요청했어요` : `Offered to ${countOf(count, DRIVERS)} so far`;

let timeZone = 'Asia/Seoul';
export const setTimeZone = (zone: string) => {
  timeZone = zone;
};

const locale = language === 'ko' ? 'ko-KR' : 'en-GB';
/**
 * Korean apps write won after the number ("12,300원"); in English the currency code leads
 * ("KRW 12,300"), which no reader mistakes for another currency's sign.
 */
export const formatMoney = (amount: number, currency = 'KRW') => {
  if (currency !== 'KRW') return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  const digits = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(amount);
  return language === 'ko' ? `${digits}원` : `KRW ${digits}`;
};
export const formatTime = (iso: string | null | undefined) =>
  iso
    ? new Intl.DateTimeFormat(locale, { timeZone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(
        new Date(iso),
      )
    : '–';
/** An instant within today's work, for dense tables: "18:04" / "오후 6:04". */
export const formatClock = (iso: string | null | undefined) =>
  iso
    ? new Intl.DateTimeFormat(locale, { timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso))
    : '–';
export const formatPercent = (ratio: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
export const formatSeconds = (seconds: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(seconds);
export const formatDistance = (meters: number | null | undefined) =>
  meters === null || meters === undefined ? '–' : meters < 1000 ? `${Math.round(meters)} m` : `${(meters / 1000).toFixed(1)} km`;
/** Seconds as a person reads them: "45 s" / "45초". */
export const formatDuration = (seconds: number) => `${Math.round(seconds)}${language === 'ko' ? '초' : ' s'}`;
/** A duration as whole minutes, at least one: "4 min" / "4분". */
export const formatMinutes = (seconds: number) => `${Math.max(1, Math.round(seconds / 60))}${language === 'ko' ? '분' : ' min'}`;
/** The service day (YYYY-MM-DD) of an instant, in the service time zone. */
export const serviceDay = (date: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
