/**
 * The Telegent SBC (sandbox side): `startSbc(opts: SbcOptions)` starts it (./sbc.ts); the sandbox core starts it
 * through `startSandboxSbc(ctx)` (./adapter.ts), which maps the core's directory, call-event sink, usage sink and
 * drift registry (sandbox/ports.ts) onto SbcOptions. The vocabulary is ./types.ts.
 */
export { startSbc } from './sbc';
export { startSandboxSbc, toVoiceWebhook } from './adapter';
export type {
  TrunkTransport,
  TrunkView,
  VoiceRouteView,
  ResolvedNumber,
  SbcDirectory,
  CallDirection,
  VoiceCallEvent,
  VoiceCdrLeg,
  VoiceCdrEvent,
  KeepaliveEvent,
  CallEvent,
  SbcOptions,
  SbcStats,
  RunningSbc,
  OriginateResult,
  SbcSettings,
} from './types';
