/**
 * Wire-level variations (hunt 3): forms the SIP RFCs allow a real Telegent SBC to write (benign: the certification must
 * pass) and the defects on the other side of the lines they draw (drift: caught at their item).
 */
import type { BenignMode, DriftMode } from './types';

export const WIRE_DRIFTS: DriftMode[] = [
  {
    name: 'sip-bye-unanswered',
    area: 'sip',
    item: '15',
    description:
      "The Telegent SBC never answers the partner SBC's BYE on an outbound (PSTN) call: the call is never released (RFC 3261 §15.1.2: a BYE is answered 200).",
  },
  {
    name: 'sip-pstn-not-answered',
    area: 'sip',
    item: '15',
    description: 'Outbound calls to the PSTN ring and are then refused 480 Temporarily Unavailable: no outbound call ever connects.',
  },
];

export const WIRE_BENIGN: BenignMode[] = [
  {
    name: 'sip-wire-variants',
    description:
      'The Telegent SBC writes compact and lower-case header names, the Via list in one header (with an inner hop), display names and a parameter before the tag in From / To, the Request-URI scheme and user=Phone in upper case, Max-Forwards 0 on keepalive OPTIONS, Supported 100rel / timer with Session-Expires and Record-Route on INVITEs, a larger Allow / Accept on OPTIONS 200, SDP with extra lines and another codec order, and early media (183 with SDP) instead of 180 on PSTN calls.',
    basis:
      'RFC 3261 §7.3.1 and §7.3.3 (compact forms, names case-insensitive, comma-separated Via), §19.1.4 (scheme and URI parameters compare case-insensitively), §20.20 / §20.39 (name-addr, parameters in any order), §11 / §16.3 (Max-Forwards 0 on OPTIONS), §11.2 (OPTIONS answer), §13.3.1.1 (183 provisional); RFC 3262 §3 and RFC 4028 §7 (100rel / timer offered as Supported, not Required); RFC 4566 §5 (SDP lines)',
  },
  {
    name: 'sip-edge-record-route',
    description:
      "An edge proxy on its own address (not the SBC's) Record-Routes the calls: the Telegent SBC's 18x / 2xx to the partner SBC's INVITEs and its INVITEs to the trunk carry `Record-Route: <sip:<edge>;lr>`; in-dialog requests (ACK for a 2xx, BYE, re-INVITE) must come through the edge, and are lost (dropped) when sent straight to the SBC.",
    basis:
      'RFC 3261 §12.1.1 / §12.1.2 (the route set is the Record-Route of the 2xx reversed, UAC, or of the INVITE as is, UAS), §12.2.1.1 (in-dialog requests go to the first route hop, Route headers, Request-URI = the remote target), §16.6 / §16.12 (a proxy that Record-Routes stays in the path of the dialog)',
  },
  {
    name: 'sip-options-answered-404',
    description:
      "The Telegent SBC answers the partner SBC's OPTIONS keepalive 404 Not Found (it routes OPTIONS by the Request-URI's user part like any request, and a keepalive names none): the keepalive reached the SBC and came back; item 14 passes with the warning sip.options-answered-2xx.",
    basis:
      'RFC 3261 §11.2 (a UAS ready for calls SHOULD answer OPTIONS 200; any final response is built by the rules of §8.2.6) and §21.4.5 (404); seed 001 item 14 asks only that the keepalive is confirmed both directions; ruling R-sip-options-answer',
  },
  {
    name: 'sip-far-end-hangs-up',
    description:
      "The PSTN callee of an outbound call hangs up as soon as the call is answered: the Telegent SBC sends BYE on the partner SBC's leg when the ACK arrives, before the partner hangs up.",
    basis: "RFC 3261 §15 (either party of a dialog may end it with BYE; a BYE crossing the other side's is answered 481, §15.1.2)",
  },
  {
    name: 'sip-answer-without-ringing',
    description: 'Outbound calls to the PSTN are answered at once: 100 Trying, then 200 OK, with no 180 Ringing or 183 Session Progress.',
    basis: 'RFC 3261 §13.3.1.1 (a UAS that can answer at once sends no provisional beyond 100; 180 / 183 are optional); Phase 3 item 15 names no ringing',
  },
  {
    name: 'cdr-wire-variants',
    description:
      'CDR CSV files quote every field, end lines with CRLF, write the header names in upper case and end with an empty line; e-mailed attachments come alternately as application/octet-stream in quoted-printable with no file extension, and as text/csv; charset="UTF-8"; header=present in base64 named .CSV.',
    basis:
      'RFC 4180 §2 (CRLF, quoted fields) and §3 (text/csv charset and header parameters); RFC 2045 §5–6 (Content-Type parameters, transfer encodings); RFC 2183 §2.3 (the filename is a suggestion); mapping header names are matched case-insensitively (R-cdr-layout)',
  },
  {
    name: 'sip-ruri-visual-separators',
    description:
      'Inbound INVITEs write the Request-URI user part with visual separators (sip:+1-201-555-0100@…;user=phone): the same number in the agreed format otherwise (item 16 warns sip.ruri-visual-separators).',
    basis: 'RFC 3966 §5.1.1 (visual separators in a telephone-subscriber) and RFC 3261 §19.1.6 (user=phone URIs carry a telephone-subscriber)',
  },
];
