/**
 * bgp.BgpService handlers: decode-side validation and conversion (convert.ts), one call
 * into BgpControl, and bgpgg's way of answering: in-band `success=false` + message where
 * bgpgg does that, gRPC status codes where bgpgg does or where the response has no
 * success field (research/bgpgg.md §1.6).
 */
import { formatIp } from "../common/ip.ts";
import type { BgpControl } from "./control.ts";
import type { ServiceImpl } from "./grpc_server.ts";
import { GrpcError, Status } from "./status.ts";

function unimplemented(name: string): never {
  throw new GrpcError(Status.UNIMPLEMENTED, `${name} is not implemented yet`);
}

/** The handlers of every RPC, bound to `control`. */
export function createBgpService(control: BgpControl): ServiceImpl {
  return {
    AddPeer: () => unimplemented("AddPeer"),
    RemovePeer: () => unimplemented("RemovePeer"),
    DisablePeer: () => unimplemented("DisablePeer"),
    EnablePeer: () => unimplemented("EnablePeer"),
    ResetPeer: () => unimplemented("ResetPeer"),
    ListPeers: () => unimplemented("ListPeers"),
    ListPeersStream: () => unimplemented("ListPeersStream"),
    GetPeer: () => unimplemented("GetPeer"),
    AddRoute: () => unimplemented("AddRoute"),
    AddRouteStream: () => unimplemented("AddRouteStream"),
    RemoveRoute: () => unimplemented("RemoveRoute"),
    ListRoutes: () => unimplemented("ListRoutes"),
    ListRoutesStream: () => unimplemented("ListRoutesStream"),
    GetServerInfo: async () => {
      const info = await control.serverInfo();
      return {
        listenAddr: formatIp(info.listen.address),
        listenPort: info.listen.port,
        numRoutes: info.routeCount,
      };
    },
    AddBmpServer: () => unimplemented("AddBmpServer"),
    RemoveBmpServer: () => unimplemented("RemoveBmpServer"),
    ListBmpServers: () => unimplemented("ListBmpServers"),
    AddDefinedSet: () => unimplemented("AddDefinedSet"),
    RemoveDefinedSet: () => unimplemented("RemoveDefinedSet"),
    ListDefinedSets: () => unimplemented("ListDefinedSets"),
    AddPolicy: () => unimplemented("AddPolicy"),
    RemovePolicy: () => unimplemented("RemovePolicy"),
    ListPolicies: () => unimplemented("ListPolicies"),
    SetPolicyAssignment: () => unimplemented("SetPolicyAssignment"),
    EnableNetlink: () => unimplemented("EnableNetlink"),
    GetNetlink: () => unimplemented("GetNetlink"),
    DisableNetlink: () => unimplemented("DisableNetlink"),
  };
}
