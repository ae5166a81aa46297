export { startSipAgent, SipTimeoutError } from './agent';
export type { SipAgent, SipAgentOptions, SipTarget, OptionsResult, PlaceCallResult, HangupResult, InboundInvite, ReceivedOptions } from './agent';
export {
  checkRequestUri,
  checkAgreedHeaders,
  checkInboundInvite,
  checkOptionsAnswered,
  optionsAnswerWarning,
  checkAnswerAcked,
  checkByeForwarded,
  checkCalleeByeForwarded,
  checkSourceWhitelisted,
  checkCancelForwarded,
  checkAnswerSdp,
  checkKeepaliveTransport,
  checkOptionsRequestUri,
  checkCallReleased,
  visualSeparatorsIn,
} from './checks';
export type { SipLine } from '../../protocol/sip/message';
