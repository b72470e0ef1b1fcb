/** What the job engine calls: deliver one password, device or member event, send the daily digests, run the daily expiry scan. */
export { deliverCredentialEvent, type CredentialEvent, type DeliverySummary } from "./deliver";
export { deliverDeviceEvent, type DeviceEvent } from "./device-events";
export { deliverMemberEvent, type MemberEvent } from "./member-events";
export { sendDailyDigests } from "./digests";
export { scanExpiringCredentials, type ExpiryScanSummary } from "./expiry-scan";
export { notificationEventTypes, type NotificationEventType } from "./event-types";
