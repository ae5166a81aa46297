# One-off authoring helper: writes schemas/rulings.json atomically. The JSON file is the source of truth;
# this script only exists because long texts are easier to write here. Edit rulings.json directly afterwards if you prefer.
import json, os
V='vendor OpenAPI (../shared/reference/telegent-openapi.json)'
S1='seed 001 (Phase 3 checklist)'; S3='seed 003 (MVNO guide comprehensive reference)'; RM='../shared/reference/README.md'
DOC='schemas/telegent.openapi.json'; GEN='scripts/schema-tools/generate.ts'; DIC='scripts/schema-tools/dictionary.ts'; OVR='scripts/schema-tools/overrides.ts'; EXT='scripts/schema-tools/extensions.ts'
R=[]
def r(id,topic,sources,conflict,ruling,validator,sandbox,impl,**kw):
    d=dict(id=id,topic=topic,sources=sources,conflict=conflict,ruling=ruling,validatorEffect=validator,sandboxEffect=sandbox,implementedIn=impl); d.update(kw); R.append(d)

# ---------------- structural
r('R-token-path','Token endpoint path spelling',
  [V+': paths key "/v1.0/OAuth2/tokens"', V+': every operation description says "Bearer token — `POST /v1.0/oauth2/tokens`"', S3+' §1: "Endpoint: `POST /v1.0/oauth2/tokens`"', S3+' §11 401 row: "Re-authenticate via `POST /v1.0/oauth2/tokens`"'],
  'The spec keys the token operation as /v1.0/OAuth2/tokens; every description and the guide use /v1.0/oauth2/tokens.',
  'The project document keys it "/v1.0/oauth2/tokens" (x-vendor-path keeps the vendor spelling). Operation key: "POST /v1.0/oauth2/tokens".',
  'Operation lookup is case-insensitive on the path (findOperation), so a response from either spelling validates against the same schema.',
  'Serves POST /v1.0/oauth2/tokens and also accepts the spec spelling /v1.0/OAuth2/tokens (any case).',
  [DOC,GEN,'docs/ARCHITECTURE.md','sandbox/routes/auth.ts','helpers/contract/'])
r('R-security-scheme-name','Security scheme name',
  [V+': top-level "security": [{"BearerAuth": []}]', V+': components.securitySchemes defines "bearerAuth"'],
  'The top-level security requirement names BearerAuth, but the only scheme defined is bearerAuth, so the vendor document references an undefined scheme.',
  'Top-level security is [{"bearerAuth": []}]; the token operation has security: [] (it is how you get a bearer token).',
  'None at runtime (every operation except the token call requires "Authorization: Bearer ..."); the document now passes an OpenAPI 3 validator.',
  'Requires a bearer token on every Telegent API route except POST /v1.0/oauth2/tokens.',
  [DOC,GEN])
r('R-scope','Status code for a token scoped to another endpoint',
  [S3+' §11 error table, 403 row: "most often a scope mismatch — the token was issued for a different `ApiEndpoint`"', V+' token description: "a token scoped to `/v1.0/numbers/provision` will be rejected by any other endpoint" (no status named)', RM+': "Scope mismatch: error-code table says `403`, the appendix says `401`."'],
  'The error-code table says 403 for a scope mismatch; the appendix says 401.',
  'A scope mismatch is correctly rejected with either 401 or 403 (statuses below). Anything else (2xx, 404, 5xx) fails.',
  'scopeEnforced check accepts 401 or 403 (field "statuses"). Both bodies must match Error_Result.',
  'Answers 403 with {StatusCode: 403, Message} on a scope mismatch (error-code table, the more specific source); 401 only for missing/expired/invalid tokens.',
  [DOC,GEN,'helpers/contract/checks.ts','sandbox/server.ts'], statuses=[401,403], aliases=['R-scope-status'])
r('R-token-scope','How a scoped token is matched against the called endpoint',
  [V+' token description: "The optional `ApiEndpoint` field scopes the token to a single endpoint URL"', S3+' §1: "Do regenerate when `ApiEndpoint` changes, since scope is per-URL."'],
  'The docs say a token is scoped to an endpoint URL but not how the URL is compared (scheme, host, case, query).',
  'Scope = the path of ApiEndpoint, compared case-insensitively, ignoring scheme, host and query string; a token without ApiEndpoint is valid for every endpoint. Mismatch status: see R-scope.',
  'Client caches one token per ApiEndpoint path.',
  'Compares the path only (case-insensitive), so a proxy or a different host name does not break scoping; mismatch -> 403 (R-scope).',
  ['sandbox/routes/auth.ts','sandbox/server.ts','helpers/client/'])
r('R-token-expiry-format','tokenExpiry format',
  [V+' token example: "tokenExpiry": "05/02/2025 06:36:13 PM"', S3+' §1: "tokenExpiry": "05/02/2026 06:36:13 PM"'],
  'tokenExpiry is not ISO 8601: it is a US-style MM/dd/yyyy hh:mm:ss AM/PM string.',
  'tokenExpiry is a string matching ^MM/dd/yyyy hh:mm:ss (AM|PM)$ (pattern, not format date-time).',
  'Pattern on tokenExpiry in the POST /v1.0/oauth2/tokens 200 schema.',
  'Emits tokenExpiry in exactly this format (UTC clock, see R-token-expiry-tz).',
  [DOC,DIC])
r('R-token-expiry-tz','Time zone of tokenExpiry',
  [S3+' §1 example "05/02/2026 06:36:13 PM" (no zone)', RM+': "tokens expire after a few minutes"'],
  'tokenExpiry carries no time zone.',
  'Read tokenExpiry as UTC. Because the zone is a guess, the client also treats a 401 as "token expired" and fetches a new one once (no refresh mechanism exists).',
  'None (format only, R-token-expiry-format).',
  'Writes tokenExpiry in UTC.',
  ['helpers/client/policy.ts','sandbox/routes/auth.ts'])
r('R-error-schema','Error response body',
  [V+': ten identical components BadRequest_Result, Unauthorized_Result, Forbidden_Result, NotFound_Result, MethodNotAllowed_Result, RequestTimeout_Result, TooManyRequests_Result, InternalServerError_Result, ServiceUnavailable_Result, GatewayTimeout_Result = {StatusCode integer (required), Message string nullable}', S3+' §11 error table'],
  'Ten copies of one schema; the 401 response of every operation points at BadRequest_Result and 403 at Unauthorized_Result (shifted by one).',
  'One shared component Error_Result {StatusCode integer 400..599 required, Message string nullable}; every 4xx/5xx response of every operation references it; the vendor names are kept as $ref aliases. additionalProperties:false dropped (R-response-extra-fields).',
  'Every 4xx/5xx body must have an integer StatusCode; extra fields are warnings. (Whether StatusCode equals the HTTP status is a named check, not a schema rule.)',
  'Every error body is {"StatusCode": <http status>, "Message": "..."}.',
  [DOC,GEN])
r('R-response-extra-fields','Undocumented fields in responses',
  ['Project policy (issue 2): "documented fields are strictly typed; undocumented extra fields are reported as warnings, not failures"', V+': Webhook_Result, Delete_Webhook_Result, ReactivateNumber_Result etc. carry additionalProperties:false'],
  'The vendor marks a few result components additionalProperties:false; everywhere else it says nothing.',
  'No response schema in the project document carries additionalProperties:false (removed from the vendor result components). The validator derives a strict twin (additionalProperties:false everywhere) and reports its extra-field findings as warnings. Request schemas keep the vendor\'s additionalProperties.',
  'Documented fields: errors on type/format/pattern/enum/required. Undocumented fields: warnings.',
  'Emits only documented fields.',
  [DOC,GEN,'helpers/contract/'])
r('R-required-from-examples','How required lists were derived (guesses)',
  [V+': 200 response examples (one per operation; two for GET /v1.0/numbers/order)', S3+': response payloads of 25 operations (scripts/schema-tools/seed-examples.json)'],
  'The vendor documents no response field as required.',
  'A field is required when EVERY documented sample of that operation (vendor examples + seed 003 payload) shows it. Hand exceptions (fields that are optional in the create request and so may be absent): GET /v1.0/numbers/order OrderStatusMessage (absent in the guide\'s Completed example); GET /v1.0/numbers/inventory PhoneNumbers[] PortOutPin, Cnam, QrActivationLink, AssignedSubscriberId, Iccid; GET /v1.0/numbers Cnam, QrActivationLink, Iccid; POST /v1.0/message/outbound MmsMedia, MmsBase64, CampaignId; GET /v1.0/message/details CampaignId; GET /v1.0/message/search Results[] MmsMedia, MmsBase64, CampaignID; POST /v1.0/subscribers/call-filter TimeRestrictions, KeywordFilter. Where the guide response omits fields the vendor example shows (voice route trunk 2 fields, product AggregatorId/DistributorId, package DistributorId/AggregatorId/SubscriberId, message route passwords), they are optional. Then, per resource family (scripts/schema-tools/families.ts: voice route, message route, product, package, package item, subscription, account, distributor, subscriber, message filter, call filter, number, service, workgroup summary, threshold, feature), every member (create, read, update, list item) gets the INTERSECTION of the family\'s required lists (names compared case-insensitively), so the sandbox can serve one representation per resource; partial echoes (workgroups/update, products/update, call-filter/update) and the workgroup create response are left out. Every required list is a guess from at most a handful of samples.',
  'Missing required field -> error.',
  'Always emits every required field of the operation (and the optional ones it has values for).',
  [DOC,GEN,'scripts/schema-tools/infer.ts',OVR,'scripts/schema-tools/families.ts','scripts/schema-tools/seed-examples.json'])
r('R-nullable-from-examples','Nullable fields',
  [V+': examples with null values (e.g. ErrorMessage null in provision, BillingAddress.* null in GET /v1.0/account, Tnid null in numbers/update, TimeRestrictions null in call-filter)'],
  'The docs never say which response fields may be null.',
  'A field is nullable (OpenAPI `nullable: true`; enums also list null) when any documented sample shows it null. A field documented ONLY as null gets type string (or object for TimeRestrictions) and x-provisional.',
  'null accepted only where nullable; elsewhere null is a type error.',
  'Emits null only for nullable fields.',
  [DOC,'scripts/schema-tools/infer.ts'])
r('R-no-example-ops','Operations without a documented 200 body',
  [V+': POST /v1.0/services/update and /services/delete have no 200 content ("description": "Update Service")', V+': webhook operations and POST /v1.0/numbers/reactivate reference Webhook_Result / Delete_Webhook_Result / ReactivateNumber_Result without examples'],
  'Seven operations have no example, two of them no 200 body at all.',
  'services/update returns the service record (its description: "Returns the updated service record") = the GET /v1.0/services schema; services/delete returns {ServiceId, ServiceStatus: "Deleted"} like every other delete; webhook operations return the vendor Webhook_Result (all fields, WebhookId required); webhook/delete returns Delete_Webhook_Result {WebhookId, WebhookStatus: "Deleted"}; reactivate returns ReactivateNumber_Result (PhoneNumber, Status required). All x-provisional.',
  'Validated against the provisional schemas; a mismatch is still an error, but the finding names this ruling.',
  'Emits these shapes.',
  [DOC,OVR])

# ---------------- numbers
r('R-status-verbs','Number status changes: checklist verbs vs the StatusChange enum',
  [S1+' item 8: "Partner tests number status changes (suspend / restore / deactivate / reactivate) via `/v1.0/numbers/status`"', V+' POST /v1.0/numbers/status: StatusChange enum activate | cancel | swap | swap-sim | replace | park', V+' POST /v1.0/numbers/reactivate: "Restore a recently cancelled phone number back to active status" (v1.1.0: within 30 days of cancellation)'],
  'The checklist names four verbs that do not exist in the API enum; reactivation is a different operation.',
  'suspend -> StatusChange "park"; restore -> "activate"; deactivate -> "cancel"; reactivate -> POST /v1.0/numbers/reactivate (within 30 days of the cancel). The request enum stays the vendor\'s (no suspend/restore/... values).',
  'Request validation rejects suspend/restore/deactivate/reactivate as StatusChange values (suite bug). Response ChangeType enum = the StatusChange enum. The reactivate response is provisional (R-no-example-ops).',
  'park -> number status Parked (no traffic), activate -> Active, cancel -> Cancelled (reactivate allowed for 30 days, afterwards 400/404), reactivate -> Active. Unknown verbs -> 400.',
  [DOC,GEN,DIC,EXT,'specs/08-number-status.spec.ts','sandbox/routes/'])
r('R-number-type','NumberType values',
  [V+' POST /v1.0/numbers/provision NumberType enum mvno | iot', V+' POST /v1.0/numbers/availability NumberType enum mobile', S3+' §8.1 Note: "`iot` numbers are p2p only... `voip` numbers are a2p only... use `NumberType = \\"mvno\\"`"', V+' examples: NumberType "mobile" (availability, eligibility, inventory), "Mobile" (GET /v1.0/numbers), "IoT" (device-details)'],
  'Provision allows mvno|iot, the guide adds voip, availability uses mobile, and responses use mobile/Mobile/IoT.',
  'Requests: provision NumberType mvno | iot | voip; availability NumberType mobile | mvno | iot | voip. Responses: NumberType one of mobile, mvno, iot, voip, Mobile, MVNO, IoT, VoIP (documented spellings); Classification one of MVNO, IoT, VoIP (+ lower case).',
  'Response enums as above; a different spelling (e.g. "MOBILE") fails.',
  'Emits NumberType "mobile" for mvno lines, "iot" for IoT lines, "voip" for VoIP lines (lower case, as availability/eligibility/inventory examples) and Classification "MVNO" | "IoT" | "VoIP". Accepts voip on provision (a2p only; iot p2p only per seed 003).',
  [DOC,GEN,DIC])
r('R-product-type-case','ProductType casing',
  [V+' provision/update ProductType enum Sms-Only | Data-Only | Sms+Data | Sms+Data+Voice', S3+' §8.1: "Set `ProductType` ... `sms+data+voice` for a full MVNO line, `data-only` for IoT" and request "ProductType": "sms+data+voice"'],
  'The spec enum is Title-Case; the guide sends lower case.',
  'Both casings are valid in requests (enum extended with the lower-case values) and responses.',
  'Accepts both casings.',
  'Accepts both; echoes the spec casing (Sms+Data+Voice) in responses.',
  [DOC,GEN,DIC])
r('R-order-status','Order status vocabulary',
  [S1+' item 8e: statuses `Submitted`, `Pending Carrier Approval`, `Scheduled`, `Completed`, `Rejected`, `Cancelled`', V+' GET /v1.0/numbers/order examples: OrderStatus "Error" with OrderStatusMessage "8A-ACCOUNT_NUM_REQ_OR_INCORRECT"', V+' provision / numbers update / numbers status examples: OrderStatus "Complete"', S3+' §8.2 Step 5: OrderStatus "Completed", OrderType "portin"'],
  'The checklist lists six port-in statuses; vendor examples also show Error (with a carrier reason) and Complete (provisioning).',
  'OrderStatus / UpdateOrderStatus enum: Submitted, Pending, Pending Carrier Approval, Scheduled, Complete, Completed, Rejected, Cancelled, Error. OrderStatusMessage optional, nullable. OrderType: portin | portout | provision | update | status (only portin documented: provisional).',
  'Enum as above.',
  'Port-in orders walk Submitted -> Pending Carrier Approval -> Scheduled -> Completed (or Rejected / Cancelled); carrier rejections read as Rejected with OrderStatusMessage; provisioning orders read Complete; Error only for faults injected on purpose.',
  [DOC,DIC,OVR,'sandbox/routes/'])
r('R-portin-submit-status','Status returned by port-in / port-out submit',
  [V+' POST /v1.0/numbers/portin example: "Status": "Pending"', S3+' §8.2 Step 2 response "Status": "Pending"; Step 3 update "Status": "Updated"; Step 4 cancel "Status": "Cancelled"', S1+' item 8e six statuses (Submitted first)'],
  'The submit answers Pending, which is not one of the checklist\'s six order statuses.',
  'portin / portout submit Status: Pending or any R-order-status value; portin/update Status: "Updated"; portin/cancel Status: "Cancelled". The order itself (GET /v1.0/numbers/order) uses the R-order-status vocabulary.',
  'Enums as above.',
  'Submit answers Status "Pending" (as documented) while the order reads "Submitted" right after.',
  [DOC,OVR])
r('R-portout-pin','Where the port-out PIN appears',
  [V+' POST /v1.0/numbers/portout example (no PIN echoed)', V+' GET /v1.0/numbers/inventory example: "PortOutPin": "1234" / "5678" per number'],
  'The port-out response does not echo the PIN, but the inventory example shows PortOutPin per number.',
  'PortOutPin is a secret (x-secret): optional and nullable in inventory items, never in the portout response. The suite redacts it wherever it appears and does not require the API to repeat it.',
  'PortOutPin optional, nullable string in inventory; its presence (even in clear) is not an error, only a redaction matter.',
  'Never echoes the PIN in clear: inventory shows PortOutPin "****" when a PIN was issued, null otherwise; the portout response does not carry it.',
  [DOC,OVR,'sandbox/routes/numbers.ts','specs/08f-portout-pin.spec.ts'])
r('R-throttle-speed','ThrottleSpeed values',
  [V+' POST /v1.0/numbers/data-usage request enum 1-mbps | 5-mbps | 20-mbps | 50-mbps | 100-mbps', S3+' §9 table: 64-kbps | 128-kbps | 256-kbps | 512-kbps | 1-mbps | 5-mbps | 20-mbps | 50-mbps | 100-mbps', V+' data-usage/settings example: "ThrottleSpeed": "thr1024kbps"'],
  'The spec lists five speeds, the guide nine; the settings read-back uses an internal spelling.',
  'Request enum = the guide\'s nine values. Responses: pattern ^(\\d+-(kbps|mbps)|thr\\d+(kbps|mbps))$.',
  'Pattern on every response ThrottleSpeed.',
  'Accepts the nine values; echoes the request spelling (data-usage) and reads back settings in the same spelling.',
  [DOC,GEN,DIC])
r('R-iccid-format','ICCID format',
  [V+' examples: "8901240397190195850" (19 digits), "12345678900987654321" (20), "8901240397190557414F" (19 digits + F)'],
  'ICCIDs appear with 19 or 20 digits and with a trailing F filler.',
  'ICCID / Iccid: ^\\d{18,22}F?$.',
  'Pattern.',
  'Emits 19-digit ICCIDs starting 89.',
  [DOC,DIC])
r('R-area-code-type','AreaCode type',
  [V+' POST /v1.0/numbers/availability example: top-level "AreaCode": "201" (string), AvailableNumberAreas[].AreaCode 993 (integer)', S3+' §8.1 same'],
  'AreaCode is a string at the top level and an integer inside AvailableNumberAreas.',
  'Keep both as documented: top-level string ^\\d{3}$, AvailableNumberAreas[].AreaCode integer 200..999.',
  'Type per location.',
  'Emits exactly those types.',
  [DOC,OVR])
r('R-subscriber-create-path','Subscriber create path',
  [S1+' item 6: "`POST /v1.0/subscribers`"', V+': POST /v1.0/subscribers/create (no POST /v1.0/subscribers)', S3+' §3: "Endpoint: `POST /v1.0/subscribers/create`"'],
  'The checklist names a path the API does not have.',
  'Use POST /v1.0/subscribers/create.',
  'Operation key "POST /v1.0/subscribers/create".',
  'Serves POST /v1.0/subscribers/create only (POST /v1.0/subscribers -> 404/405 as a real API would).',
  [DOC,'specs/06-subscriber.spec.ts'])

r('R-effective-date-format','EffectiveDate: MM/DD/YYYY in the request, ISO in the response',
  [V+' POST /v1.0/numbers/status request EffectiveDate: "Date when status change takes effect (MM/DD/YYYY)", example "12/31/2023"', V+' POST /v1.0/numbers/status 200 example "EffectiveDate": "2023-12-31T00:00:00"'],
  'The same field is MM/DD/YYYY going in and ISO 8601 (no offset) coming back.',
  'Requests send MM/DD/YYYY (the request schema is the vendor\'s: a plain string); responses carry ISO 8601 with optional offset (R-datetime-offset).',
  'Response pattern ISO with optional offset; request: string (no pattern added).',
  'Accepts MM/DD/YYYY (and ISO) on input; answers ISO 8601 midnight UTC with Z.',
  [DOC,OVR,GEN,EXT])

# ---------------- ID prefixes
def idr(id,topic,sources,conflict,canonical,accepted,extra_rule='',impl=None,**kw):
    r(id,topic,sources,conflict,
      f'Canonical prefix {canonical} (what the sandbox emits); the validator accepts {", ".join(accepted)}. {extra_rule}'.strip(),
      'ID pattern ^(' + '|'.join(p.rstrip('-') for p in accepted) + ')-\\S+$ on every field of this kind (x-id-kind).',
      f'Emits {canonical} IDs; accepts any of {", ".join(accepted)} on input.',
      impl or [DOC,DIC,'helpers/ids.ts'], canonical=canonical, accepted=accepted, **kw)
idr('R-id-package','Package ID prefix',
  [S1+' item 3: "ID to Save `PKID-...`"', S3+' §6.2 items/add request "PackageId": "PKID-…", §7 "PackageId": "PKID-…"', V+' and '+S3+' §6.2: package responses "PackageId": "PID-23bf4d8d-…"'],
  'PKID- in the checklist and guide requests, PID- in every package response (spec and guide).',
  'PID-', ['PID-','PKID-'], 'Responses (the source of truth per seed 003\'s closing note) win for what is emitted.')
idr('R-id-product','Product ID prefix',
  [S1+' item 2: "ID to Save `PID-...`"', S3+' §6.2 PackageItems "ProductId": "PID-…esim"', V+' product responses "ProductId": "PRID-4384E69B-…"'],
  'PRID- in responses, PID- in the checklist/guide (colliding with the package prefix).',
  'PRID-', ['PRID-','PID-'])
idr('R-id-subscriber','Subscriber ID prefix',
  [S1+' item 6: "`TSUID-...`"', V+' message-filter/update, allowed-contacts add/remove examples: "SubscriberId": "SID-C7AB61E0-…"', V+' distributor/subscriptions and inventory examples: "SID-d7b3-…"'],
  'Fields are documented as TSUID- but several examples show SID- (which is also the Service and Schedule prefix).',
  'TSUID-', ['TSUID-','SID-'])
idr('R-id-number','Telephone-number ID prefix',
  [S1+' item 7: "ID to Save `TNID-...`"', V+' provision example "PhoneNumberId": "NID-8bdf…"; subscriptions "TNID": "NID-B5B6…"', V+' inventory "Tnid": "TNID-9772956561858"; GET /v1.0/numbers "TNID": "TNID-kasj…"'],
  'NID- from provisioning and subscriptions, TNID- in inventory and number lookups.',
  'NID-', ['NID-','TNID-'], 'The same ID is emitted everywhere (PhoneNumberId, TNID, Tnid).')
idr('R-id-order','Order ID prefix',
  [S1+' item 8b: "Save `OrderId` (JNUOID-…)"', V+' provision/order/portin update/cancel examples: JNUOID-', V+' portin and portout examples: "OrderId": "JNOID-aabbde7a-…"', V+' inventory: "OrderId": "TNOID-ddba…"'],
  'Three prefixes for order IDs.',
  'JNUOID-', ['JNUOID-','JNOID-','TNOID-'])
idr('R-id-webhook','Webhook ID prefix',
  [V+' GET /v1.0/webhook request sample "WebhookId": "WHID-1234567"', V+' Delete_Webhook_Request.WebhookId description: "prefixed with `WID-`"', RM+': "webhook IDs as `WID-` and `WHID-`"'],
  'WHID- in samples, WID- in the delete description (WID- is also a workgroup prefix).',
  'WHID-', ['WHID-','WID-'])
idr('R-id-workgroup','Workgroup ID prefix and type',
  [V+' POST /v1.0/workgroups description: "Returns the new workgroup\'s `WorkgroupId` (`WG-`)"; its 200 description: "(WID-)"; example "WID-12345-abc-12345"', V+' GET /v1.0/workgroups example "WG-abc123", Type "ring"', V+' workgroups request Type enum IVR | simultaneous | round-robin'],
  'WG- in descriptions, WID- in create/update examples; response Type "ring" is not in the request enum.',
  'WG-', ['WG-','WID-'], 'Workgroup Type in responses: IVR | simultaneous | round-robin | ring.')
idr('R-id-schedule','Schedule ID prefix (and the SID- collision)',
  [V+' GET /v1.0/account/schedules description: "look up a `SCH-` ID"; example "ScheduleId": "SID-12345-abc-12345"', V+' GET /v1.0/workgroups example "ScheduleId": "SCH-abc123"', V+' services: "ServiceId": "SID-65d0…"'],
  'Schedules appear as SCH- and SID-; SID- is also the Service prefix (and an alternative subscriber prefix, R-id-subscriber).',
  'SCH-', ['SCH-','SID-'], 'ServiceId keeps SID- (only documented prefix). Because SID- is ambiguous, no check may infer the kind of an ID from a SID- prefix alone.')
idr('R-id-campaign','10DLC campaign ID prefix',
  [V+' POST /v1.0/message/outbound example "CampaignId": "TCID-dsuhofh3882"', V+' message details/search examples "JCID-dsuhofh3882"'],
  'TCID- on send, JCID- on read.',
  'TCID-', ['TCID-','JCID-'])
idr('R-id-message','Message ID prefix',
  [V+' outbound/details/search/device-delivery examples: TMID-', V+' GET /v1.0/message/filter example "MessageId": "MSG-abc123"'],
  'TMID- everywhere except one example using MSG-.',
  'TMID-', ['TMID-','MSG-'], 'Webhook Message_ID: no prefix enforced (undocumented).')
idr('R-id-account-key','AccountKey prefix',
  [RM+': "`AccountKey` (a `DID-…` distributor key)"', V+' GET /v1.0/distributor example "AccountKey": "AGID-2054FE47-…"; distributor/create "DID-eab9…"'],
  'AccountKey is DID- per the docs, AGID- in one example.',
  'DID-', ['DID-','AGID-'])
r('R-id-voice-route-legacy','VoiceRouteId "T9992774" in GET /v1.0/numbers',
  [V+' GET /v1.0/numbers example: "VoiceRouteId": "T9992774"', V+' every other VoiceRouteId: CRID-'],
  'One example shows a voice route ID without the CRID- prefix.',
  'VoiceRouteId is a CRID- ID everywhere; the example is a legacy/internal ID and fails by design.',
  'GET /v1.0/numbers example listed as an exception; real responses with a non-CRID VoiceRouteId fail.',
  'Emits CRID- IDs.',
  [DOC,DIC], exampleExceptions=['GET /v1.0/numbers#example'])
r('R-package-subscriber-id','Package SubscriberId values',
  [V+' package examples: "SubscriberId": "456789", "12345" (GET /v1.0/packages, account/distributor packages, packages/subscriptions); "TSUID-A2AD…" (create/update)'],
  'A package\'s SubscriberId is sometimes a bare number.',
  'Package SubscriberId: ^((TSUID|SID)-\\S+|\\d+)$ (documented alternatives accepted).',
  'Pattern as above on package responses only.',
  'Emits the TSUID- of the subscriber given at create, or omits the field.',
  [DOC,OVR])

# ---------------- spelling / types
r('R-trunk-priority-spelling','Trunk1Priortiy (sic)',
  [V+' voice routes request and responses: "Trunk1Priortiy", "Trunk2Priortiy"', S3+' §4.2 request and response "Trunk1Priortiy": 10'],
  'The field name is misspelled consistently (Priortiy).',
  'Keep the vendor spelling Trunk1Priortiy / Trunk2Priortiy in requests and responses; "Trunk1Priority" is an undocumented field.',
  'Trunk1Priortiy integer; a correctly spelled Trunk1Priority is an extra-field warning.',
  'Reads and writes Trunk1Priortiy; the correctly spelled Trunk1Priority is emitted only under the drift mode voice-route-field-renamed (to prove the validator notices).',
  [DOC,DIC,GEN])
r('R-ip-whitelist-spelling','IpWhitelist vs IpWhiteList',
  [V+' voice route request "IpWhitelist"; GET /v1.0/account/voice/routes Results[].IpWhitelist [{IpAddress}]', V+' POST/GET/update voice route responses "IpWhiteList": []', S3+' §4.2 response "IpWhiteList": []'],
  'IpWhitelist in requests and list responses, IpWhiteList in single-route responses.',
  'Each response keeps its documented spelling: single-route responses IpWhiteList (array of {IpAddress}), account route list IpWhitelist. Requests use IpWhitelist.',
  'Per-operation spelling; the other spelling is an extra-field warning.',
  'Accepts IpWhitelist on input; emits IpWhiteList in single-route responses and IpWhitelist in GET /v1.0/account/voice/routes (the documented spelling per operation).',
  [DOC,OVR,GEN])
r('R-accountid-spelling','AccountID vs AccountId',
  [V+' GET /v1.0/account/message/routes, /account/voice/routes, /account/schedules: "AccountID"', V+' everywhere else "AccountId"'],
  'Three list responses spell AccountID.',
  'Keep the documented spelling per operation.',
  'Per-operation spelling.',
  'Emits the documented spelling per operation.',
  [DOC,DIC])
r('R-cost-type','Cost: number vs "$0.0045"',
  [V+' outbound example "Cost": 0.0045; details "Cost": 0; services "Cost": 2.34', V+' GET /v1.0/message/search example "Cost": "$0.0045"', RM+': "`Cost` is a number in one example and `\\"$0.0045\\"` in another"'],
  'Cost is a JSON number everywhere except one search example where it is a currency string.',
  'Cost is a number (USD). The string form fails.',
  'type number; GET /v1.0/message/search example is an exception.',
  'Emits numbers.',
  [DOC,DIC], exampleExceptions=['GET /v1.0/message/search#example'])
r('R-message-enabled-type','MessageEnabled / VoiceEnabled as "true" strings',
  [V+' GET /v1.0/numbers/inventory example, second number: "MessageEnabled": "true", "VoiceEnabled": "true"', V+' everywhere else booleans'],
  'Booleans appear as strings in one inventory entry.',
  'Booleans are JSON booleans; "true" strings fail.',
  'type boolean; the inventory example is an exception.',
  'Emits booleans.',
  [DOC,DIC], exampleExceptions=['GET /v1.0/numbers/inventory#example'])
r('R-package-item-price-type','Package item Price: string vs number',
  [V+' POST /v1.0/packages/items/add and /update request "Price" type string ("1.12"); POST /v1.0/packages PackageItems[].Price string', V+' and '+S3+' §6.2 responses: "Price": 1.12 (number)'],
  'Requests send Price as a string, responses return a number.',
  'Requests keep the vendor\'s string type (the suite sends strings like "1.12"); every response Price is a number.',
  'Request: string; response: number.',
  'Accepts string or number on input; emits numbers.',
  [DOC,DIC,GEN])
r('R-created-on-format','Message CreatedOn format',
  [V+' POST /v1.0/message/outbound example "CreatedOn": "16:45:59 MST 2025-01-23"', V+' GET /v1.0/message/details "CreatedOn": "2025-05-15T20:15:37.157"'],
  'Two different timestamp formats for the same field.',
  'CreatedOn accepts ISO 8601 (offset optional, R-datetime-offset) or "HH:mm:ss ZZZ yyyy-MM-dd".',
  'Pattern allowing both documented forms.',
  'Emits ISO 8601 UTC with Z.',
  [DOC,DIC])
r('R-datetime-offset','Timestamps without a UTC offset',
  [V+' GET /v1.0/numbers/order "OrderDate": "2025-12-08T00:12:08.89"; inventory "NextSwapResetDate": "2025-12-04T22:09:41.56"; numbers/status "EffectiveDate": "2023-12-31T00:00:00"', V+' provision "OrderDate": "2025-10-29T12:36:19.338438+00:00"; "OriginalDatePurchased": "02/05/2023"'],
  'Some ISO timestamps carry an offset, some do not; OriginalDatePurchased is MM/dd/yyyy.',
  'A field whose every documented sample has an offset gets format date-time (RFC 3339). A field documented at least once without an offset gets the pattern ^yyyy-MM-ddTHH:mm:ss(.f{1,7})?(Z|±hh:mm)?$ (offset optional), read as UTC. OriginalDatePurchased: ^MM/dd/yyyy$.',
  'format date-time or the pattern, per field name (same rule in every operation).',
  'Always emits an offset (Z).',
  [DOC,'scripts/schema-tools/infer.ts',DIC])
r('R-message-type-case','MessageType / Type values on numbers and messages',
  [V+' numbers: MessageType "p2p"/"a2p" and "A2P" (GET /v1.0/numbers)', V+' messages: "Type": "p2p"/"a2p" (traffic class) and "MessageType": "sms"/"mms"'],
  'MessageType means a2p|p2p on numbers but sms|mms on messages; case varies.',
  'Numbers: MessageType a2p | p2p (upper case accepted). Messages: Type a2p | p2p (upper case accepted), MessageType sms | mms.',
  'Enums per operation.',
  'Emits lower case.',
  [DOC,DIC,OVR])
r('R-message-direction-case','Direction casing',
  [V+' outbound "Direction": "Outbound"; details "OUTBOUND"; search "Inbound"; filter "outbound"'],
  'Four casings.',
  'Direction is Inbound/Outbound in any of the three documented casings.',
  'Enum of the six documented spellings.',
  'Emits "Outbound" / "Inbound".',
  [DOC,DIC])
r('R-message-status','Message status vocabulary (provisional)',
  [V+' outbound "Status": "Queued"; details "Queued"; search "Received"; filter "delivered"', S1+' item 10: "DLR received on partner webhook"'],
  'The docs never list message statuses.',
  'Provisional enum: Queued, Sending, Sent, Delivered, Undelivered, Failed, Received, Rejected, in Title case or lower case. Shared with the DLR webhook.',
  'Enum (x-provisional): an unknown status fails and names this ruling so the list can be extended.',
  'Outbound: Queued -> Sent -> Delivered (DLR carries the final status); inbound: Received.',
  [DOC,OVR,'schemas/webhooks/dlr.schema.json'])
r('R-null-string-literal','"NULL" as a string',
  [V+' GET /v1.0/account, /distributor, /distributor/accounts examples: "BillingAddress": {"Street2": "NULL", ...}'],
  'A literal "NULL" string where other fields use null.',
  'Address fields are nullable strings; "NULL" is a valid (if odd) string and passes. Address objects always carry the six keys Street1, Street2, City, State, Zip, Country.',
  'Shared address schema (Zip: empty or US ZIP).',
  'Emits null, never "NULL".',
  [DOC,DIC])
r('R-subscription-type-case','Subscription Type values',
  [S3+' §7 table: "`Voip`, `Mvno`, `Iot`"', V+' subscription examples: "Type": "mvno"'],
  'Title case in the guide, lower case in the spec examples.',
  'Subscription Type: voip | mvno | iot in lower, Title or upper case (pattern).',
  'Pattern.',
  'Echoes what was sent.',
  [DOC,OVR])
r('R-guardian-relation','Guardian relation values',
  [V+' POST /v1.0/subscribers/guardians/relation example "Relation": "Parent"; relation/delete example "Relation": "Guardian"'],
  'Two values for the same relation.',
  'Relation enum Parent | Guardian.',
  'Enum.',
  'Echoes the request value (default Parent).',
  [DOC,DIC])
r('R-billing-frequency','Product BillingFrequency',
  [V+' product request enum MRC | NRC', V+' GET /v1.0/distributor/products example "BillingFrequency": "1"', S3+' §6.1: "`MRC` (monthly), `NRC` (one-time), or usage-based"'],
  'Responses show "1"; the guide mentions usage-based values not in the enum.',
  'Response BillingFrequency is a free string (no enum); requests keep MRC | NRC.',
  'type string only.',
  'Echoes the request value.',
  [DOC,DIC])

# ---------------- webhooks / cdr
r('R-webhook-inbound-shape','Inbound SMS/MMS webhook payload',
  [RM+': "Inbound message webhook fields, per the Phase 2 connectivity page: `Message_ID`, `Owner`, `To`, `From` (E.164), `Message_Body`, `Segment`; MMS adds `MMS_Media_URL`"', RM+': "An older docs page shows a different shape (`MessageId`, `From`, `To`, `Text`, `Timestamp`, `Direction`)"', S1+' items 11, 12'],
  'Two payload shapes; the MMS URL cardinality is not documented.',
  'The Phase 2 shape is the schema (all six fields required; MMS also requires MMS_Media_URL, a URL or a non-empty list of URLs). The older shape fails (its fields are listed in x-legacy-fields so the failure message can say so).',
  'validateWebhook("inbound-sms"|"inbound-mms").',
  'Posts the Phase 2 shape (MMS_Media_URL as a single URL string) to the number\'s MessageUrl.',
  ['schemas/webhooks/inbound-sms.schema.json','schemas/webhooks/inbound-mms.schema.json','sandbox/webhooks.ts','helpers/contract/'])
r('R-webhook-dlr','Delivery report payload (provisional)',
  [RM+': "The delivery-report (DLR) payload is not documented publicly."', S3+' §4.1: "`CallbackMessageUrl` — Where delivery receipts and status callbacks are delivered"', V+' GET /v1.0/message/details example'],
  'The DLR is not documented.',
  'Modelled on the message details response: MessageId (TMID-), Status (R-message-status), To, From required; Direction, MessageType, Type, Cost, CreatedOn, DeliveredOn, ErrorCode, StatusMessage optional. x-provisional.',
  'validateWebhook("dlr").',
  'Posts this shape to CallbackMessageUrl after each outbound message status change.',
  ['schemas/webhooks/dlr.schema.json','sandbox/webhooks.ts'])
r('R-webhook-voice-event','Voice event payload (provisional)',
  [V+' Webhook_Request.SubscribedEvents: "Available events: `Order_Update`, `New_Sms`, `Call_Completed`, `Call_On_Hold`, `Call_Recording`, `Call_In_Progress`, `Call_Ringing`"', S3+' §4.2 request "CallbackVoiceUrl"'],
  'Event names are listed, payloads are not.',
  'Event (Call_Ringing | Call_In_Progress | Call_On_Hold | Call_Recording | Call_Completed), CallId, From, To, Timestamp required; Duration required on Call_Completed, RecordingUrl on Call_Recording. SubscribedEvents in webhook responses: comma-separated list of the seven events. x-provisional.',
  'validateWebhook("voice-event").',
  'Posts these events to CallbackVoiceUrl / subscribed webhooks for calls through its SBC.',
  ['schemas/webhooks/voice-event.schema.json','schemas/telegent.openapi.json','sandbox/webhooks.ts'])
r('R-cdr-layout','CDR layout (provisional)',
  [RM+': "CDR format. Phase 2: the partner chooses CDR delivery by webhook, e-mail or both; voice and SMS records come in separate files. The field layout is not public."'],
  'No CDR layout is published.',
  'The suite defines canonical records (schemas/cdr/*.schema.json) and a column mapping (schemas/cdr/mapping.json) that a partner edits when Telegent gives the real layout. Owned by the CDR work; recorded here for completeness.',
  'validateCdr(kind) on mapped records.',
  'Generates CDR files in the mapped layout.',
  ['schemas/cdr/sms.schema.json','schemas/cdr/voice.schema.json','schemas/cdr/data.schema.json','schemas/cdr/mapping.json'])
r('R-cdr-duration','Voice CDR billable duration',
  ['schemas/cdr/voice.schema.json duration description'],
  'Rounding of call duration is not documented.',
  'Billable duration = answer to end, rounded up to the next second; 0 when not answered.',
  'Reconciliation check.',
  'Generates durations this way.',
  ['schemas/cdr/voice.schema.json'])
r('R-cdr-ids','IDs in CDRs',
  ['schemas/cdr/sms.schema.json messageId description'],
  'CDR identifiers are not documented.',
  'SMS CDR message id = the TMID- of the API / Message_ID of the inbound webhook.',
  'Reconciliation joins on this id.',
  'Uses the same id in API responses, webhooks and CDRs.',
  ['schemas/cdr/sms.schema.json'])

tmp='schemas/.rulings.json.tmp'
open(tmp,'w').write(json.dumps(R,indent=2,ensure_ascii=False)+'\n'); os.replace(tmp,'schemas/rulings.json')
print(len(R),'rulings')
