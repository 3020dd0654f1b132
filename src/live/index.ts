/** The live-tenant client: transport, SOAP calls, the flow, observations, drift and recording. */
export { SoapClient, type ClientOptions, type Exchange, type SoapResult, type SystemInfo } from './soap-client.ts';
export { LiveError, type LiveErrorKind } from './transport.ts';
export { LiveRun, type RunFlags, type Verification } from './run.ts';
export { startLocalTarget, type LocalTarget } from './local-target.ts';
export { ObservationLog, type Observation } from './observations.ts';
export { checkDrift, compareWsdl, type DriftFinding, type DriftReport } from './drift.ts';
export { recordFlow, buildRecording, writeRecording, scanPaths, PLACEHOLDERS, type Recording } from './record.ts';
export { serviceOperation, type ServiceId, type OperationContract } from '../contract/services.ts';
