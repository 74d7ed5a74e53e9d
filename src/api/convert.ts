/**
 * Protobuf <-> domain conversion, in one place (split by subject into convert_*.ts). Requests
 * are validated here: every INVALID_ARGUMENT names the field and quotes the value.
 */
export { invalidArgument } from "./convert_common.ts";
export {
  BGP_PORT,
  bmpServerFromProto,
  bmpServerText,
  endpointField,
  netlinkDirectionFromProto,
  netlinkEnableFromProto,
  netlinkToProto,
  newPeerFromProto,
  peerAddressField,
  peerDetailToProto,
  peerToProto,
  resetFamilyFromProto,
  resetKindFromProto,
  serverInfoToProto,
} from "./convert_peer.ts";
export {
  extendedCommunityFromProto,
  extendedCommunityToProto,
  ipField,
  LOCAL_PEER_ADDRESS,
  pathToProto,
  prefixField,
  prefixText,
  RouteConverter,
  routeToProto,
} from "./convert_route.ts";
export {
  DEFINED_SET_TYPES,
  definedSetFromProto,
  definedSetToConfig,
  definedSetToInfo,
  policyAssignmentFromProto,
  policyFromProto,
  policyToProto,
  policyToRequest,
  setTypeField,
} from "./convert_policy.ts";
