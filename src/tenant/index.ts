/** The emulated tenant: what `serve --tenant` and the `local` live target start. */
export { startTenant, createTenantHandler, DEFAULT_TENANT_USER, type TenantOptions, type TenantHandler, type RunningTenant, type FaultKnobs } from './server.ts';
export { TenantState, type TenantUser } from './state.ts';
export { WSDL_ALTERATIONS, type WsdlAlteration } from './drifted-wsdl.ts';
