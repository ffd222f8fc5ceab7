// The app service: AppService (service.ts) composing the concerns in this folder.
export { AppService } from './service.js';
export type { AppServiceOptions } from './state.js';
