/** The library API (DESIGN §6): validate, buildRequest, the rule catalogue. */
export { validate, type ValidateOptions, type Verdict } from './validate.ts';
export { buildRequest, type RequestOptions, type BuiltRequest, type IdsShape } from './envelope/request.ts';
export { buildSuccessResponse, buildAppErrorResponse, buildFault11, buildFault12 } from './envelope/response.ts';
export { rules, ruleById, catalogueData } from './contract/catalogue.ts';
export type { Rule, Violation, Severity, Family } from './contract/rule.ts';
export { PROFILES, type ProfileId } from './contract/profiles.ts';
export { NS, type ServicesVersion } from './contract/namespaces.ts';
export { deleteChatSessionsContract, type DeleteChatSessionsContract } from './contract/delete-chat-sessions.ts';
export { serviceOperation, type ServiceId } from './contract/services.ts';
export { loadOperation, type OperationContract } from './contract/wsdl.ts';
export { startServer, type ServerOptions, type RunningServer, type ServerVerdict } from './server/index.ts';
