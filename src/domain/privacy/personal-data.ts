import type { PersonKind } from './erasure.js';

/**
 * Which fields of which event are personal, and whose. Ids stay in clear: they are pseudonyms the
 * log needs to route and correlate (a call id, a passenger id), and once the person is erased no
 * read model maps them back to anyone. Free-text cancel reasons are not listed here: their event
 * does not name the passenger (see CALL_FREE_TEXT).
 */
export type PersonalFields = { owner: PersonKind; ownerField: string; fields: readonly string[] };

export const PERSONAL_FIELDS: Readonly<Record<string, PersonalFields>> = {
  CallRequested: { owner: 'passenger', ownerField: 'passengerId', fields: ['pickup', 'destination'] },
  CallDispatched: { owner: 'driver', ownerField: 'driverId', fields: ['vehicleNo'] },
  DriverAccepted: { owner: 'driver', ownerField: 'driverId', fields: ['driverName', 'vehicleNo'] },
  DriverRegistered: { owner: 'driver', ownerField: 'driverId', fields: ['name', 'vehicleNo'] },
  DriverWentOnline: { owner: 'driver', ownerField: 'driverId', fields: ['location'] },
  CallReleased: { owner: 'passenger', ownerField: 'passengerId', fields: ['pickup', 'destination'] },
  PassengerContactRecorded: { owner: 'passenger', ownerField: 'passengerId', fields: ['phone', 'name'] },
  PassengerPreferencesSet: { owner: 'passenger', ownerField: 'passengerId', fields: ['phone'] },
  DriverPreferencesSet: { owner: 'driver', ownerField: 'driverId', fields: ['phone'] },
};

/**
 * Free text about a call that may quote its passenger (a cancel reason naming them, or their phone
 * number), whoever wrote it: sealed with the passenger's key, found through the call's request.
 */
export const CALL_FREE_TEXT: Readonly<Record<string, readonly string[]>> = {
  CallCancelled: ['reason'],
  DispatchCancelled: ['reason'],
};

/** What an erased text reads as, everywhere: in events, read models and exports. */
export const ERASED = '[erased]';

/**
 * An erased value keeps its shape so readers need no special case: text becomes ERASED and
 * numbers (coordinates) null — a made-up position would be worse than none.
 */
export const erasedValue = (value: unknown): unknown => {
  if (typeof value === 'string') return ERASED;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(erasedValue);
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, erasedValue(field)]));
};

/** The person an event's personal fields belong to, as a key-store subject (`passenger:p-1`), or null. */
export const personalDataOwner = (type: string, data: object): { subject: string; spec: PersonalFields } | null => {
  const spec = PERSONAL_FIELDS[type];
  if (!spec) return null;
  const ownerId = (data as Record<string, unknown>)[spec.ownerField];
  return typeof ownerId === 'string' ? { subject: subjectOf(spec.owner, ownerId), spec } : null;
};

export const subjectOf = (kind: PersonKind, personId: string) => `${kind}:${personId}`;
