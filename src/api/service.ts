/**
 * bgp.BgpService handlers: convert (convert.ts validates), one call into BgpControl, then
 * answer the way bgpgg does (research/bgpgg.md §1.6):
 * - responses with `success`/`message` report domain refusals in-band (success=false and
 *   the reason: peer already exists, peer or collector not found, set still referenced);
 * - a malformed request (address, prefix, community, enum value) is INVALID_ARGUMENT;
 * - responses without a success field use status codes: NOT_FOUND, ALREADY_EXISTS,
 *   FAILED_PRECONDITION (soft reset of a session that is not Established).
 */
import { formatEndpoint, formatIp } from "../common/ip.ts";
import {
  type BgpControl,
  ControlError,
  type ControlErrorCode,
  type LocalRoute,
  type RibRoute,
  type RibView,
} from "./control.ts";
import {
  bmpServerFromProto,
  definedSetFromProto,
  definedSetToInfo,
  endpointField,
  invalidArgument,
  netlinkDirectionFromProto,
  netlinkEnableFromProto,
  netlinkToProto,
  newPeerFromProto,
  peerAddressField,
  peerDetailToProto,
  peerToProto,
  policyAssignmentFromProto,
  policyFromProto,
  policyToProto,
  prefixField,
  prefixText,
  resetFamilyFromProto,
  resetKindFromProto,
  RouteConverter,
  routeToProto,
  serverInfoToProto,
  setTypeField,
} from "./convert.ts";
import type { MessageSink, ServiceImpl } from "./grpc_server.ts";
import { type Init, pb } from "./proto.ts";
import { GrpcError, Status, type StatusCode } from "./status.ts";

const STATUS_OF: Record<ControlErrorCode, StatusCode> = {
  "invalid-argument": Status.INVALID_ARGUMENT,
  "not-found": Status.NOT_FOUND,
  "already-exists": Status.ALREADY_EXISTS,
  "failed-precondition": Status.FAILED_PRECONDITION,
  "unavailable": Status.UNAVAILABLE,
};

/** A ControlError as a gRPC status; anything else passes through. */
function asStatus(e: unknown): unknown {
  return e instanceof ControlError ? new GrpcError(STATUS_OF[e.code], e.message) : e;
}

/** Refusals bgpgg reports in-band when the response has a success field. */
const IN_BAND = new Set<ControlErrorCode>(["not-found", "already-exists", "failed-precondition"]);

interface Outcome {
  success: boolean;
  message: string;
}

/** Runs `op`; success -> {true, message}; an in-band refusal -> {false, reason}. */
async function outcome(message: string, op: () => unknown): Promise<Outcome> {
  try {
    await op();
    return { success: true, message };
  } catch (e) {
    if (e instanceof ControlError && IN_BAND.has(e.code)) {
      return { success: false, message: e.message };
    }
    throw asStatus(e);
  }
}

/** ListRoutesRequest -> RibView (rib_type unset = GLOBAL). */
function ribView(req: pb.ListRoutesRequest): RibView {
  const type = req.ribType ?? pb.RibType.GLOBAL;
  if (type === pb.RibType.GLOBAL) return { type: "global" };
  if (type !== pb.RibType.ADJ_IN && type !== pb.RibType.ADJ_OUT) {
    throw invalidArgument("rib_type", `${type} is not GLOBAL (0), ADJ_IN (1) or ADJ_OUT (2)`);
  }
  const name = type === pb.RibType.ADJ_IN ? "ADJ_IN" : "ADJ_OUT";
  if (req.peerAddress === null || req.peerAddress === "") {
    throw invalidArgument("peer_address", `"" (required for ${name})`);
  }
  const peer = peerAddressField("peer_address", req.peerAddress);
  return { type: type === pb.RibType.ADJ_IN ? "adj-in" : "adj-out", peer };
}

/** Writes every chunk of a RIB view to `sink`, pulling the next chunk only after a flush. */
async function streamRoutes(
  control: BgpControl,
  view: RibView,
  signal: AbortSignal,
  each: (route: RibRoute) => void,
  afterChunk: () => Promise<void>,
): Promise<void> {
  try {
    for await (const chunk of control.listRoutes(view, signal)) {
      for (const route of chunk) each(route);
      await afterChunk();
      signal.throwIfAborted();
    }
  } catch (e) {
    throw asStatus(e);
  }
}

/** The handlers of every RPC, bound to `control`. */
export function createBgpService(control: BgpControl): ServiceImpl {
  const impl: ServiceImpl = {
    // ------------------------------------------------------------ peers
    AddPeer: (req) => {
      const peer = newPeerFromProto(req);
      return outcome(`Peer ${formatIp(peer.address)} added`, () => control.addPeer(peer));
    },
    RemovePeer: (req) => {
      const address = peerAddressField("address", req.address);
      return outcome(`Peer ${formatIp(address)} removed`, () => control.removePeer(address));
    },
    DisablePeer: async (req) => {
      await control.disablePeer(peerAddressField("address", req.address));
      return {};
    },
    EnablePeer: async (req) => {
      await control.enablePeer(peerAddressField("address", req.address));
      return {};
    },
    ResetPeer: async (req) => {
      const address = peerAddressField("address", req.address);
      const kind = resetKindFromProto(req.resetType);
      const family = resetFamilyFromProto(req.afi, req.safi);
      await control.resetPeer(address, kind, family);
      return {};
    },
    ListPeers: async () => ({ peers: (await control.listPeers()).map(peerToProto) }),
    ListPeersStream: async (_req, sink) => {
      for (const p of await control.listPeers()) sink.send(peerToProto(p));
    },
    GetPeer: async (req) =>
      peerDetailToProto(await control.getPeer(peerAddressField("address", req.address))),

    // ------------------------------------------------------------ routes
    AddRoute: async (req) => {
      const route = new RouteConverter().toLocalRoute(req);
      return await outcome(
        `Route ${prefixText(route.prefix)} added`,
        () => control.addRoutes([route]),
      );
    },
    AddRouteStream: async (requests) => {
      // Each received chunk is applied before the next is read (HTTP/2 flow control then
      // slows the client down); bad requests are skipped and counted, as bgpgg does.
      const converter = new RouteConverter();
      let count = 0, skipped = 0;
      let firstError = "";
      for await (const batch of requests) {
        const routes: LocalRoute[] = [];
        for (const req of batch) {
          try {
            routes.push(converter.toLocalRoute(req));
          } catch (e) {
            if (skipped++ === 0) firstError = e instanceof Error ? e.message : String(e);
          }
        }
        if (routes.length > 0) {
          await control.addRoutes(routes);
          count += routes.length;
        }
      }
      const message = `${count} routes added` +
        (skipped > 0 ? `; ${skipped} skipped (first: ${firstError})` : "");
      return { count, message };
    },
    RemoveRoute: async (req) => {
      const prefix = prefixField("prefix", req.prefix);
      const removed = await control.removeRoute(prefix);
      const text = prefixText(prefix);
      return {
        success: true,
        message: removed ? `Route ${text} removed` : `Route ${text} not present`,
      };
    },
    ListRoutes: async (req, ctx) => {
      const routes: Init<pb.Route>[] = [];
      await streamRoutes(
        control,
        ribView(req),
        ctx.signal,
        (r) => routes.push(routeToProto(r)),
        () => Promise.resolve(),
      );
      return { routes };
    },
    ListRoutesStream: async (req, sink: MessageSink<pb.Route>, ctx) => {
      await streamRoutes(
        control,
        ribView(req),
        ctx.signal,
        (r) => sink.send(routeToProto(r)),
        () => sink.flush(),
      );
    },
    GetServerInfo: async () => serverInfoToProto(await control.serverInfo()),

    // ------------------------------------------------------------ BMP
    AddBmpServer: (req) => {
      const server = bmpServerFromProto(req);
      return outcome(
        `BMP server ${formatEndpoint(server.address)} added`,
        () => control.addBmpServer(server),
      );
    },
    RemoveBmpServer: (req) => {
      const address = endpointField("address", req.address);
      return outcome(
        `BMP server ${formatEndpoint(address)} removed`,
        () => control.removeBmpServer(address),
      );
    },
    ListBmpServers: async () => ({
      addresses: (await control.listBmpServers()).map((s) => formatEndpoint(s.address)),
    }),

    // ------------------------------------------------------------ policy
    AddDefinedSet: (req) => {
      const set = definedSetFromProto(req.set);
      return outcome(
        `defined set '${set.name}' added`,
        () => control.addDefinedSet(set, req.replace),
      );
    },
    RemoveDefinedSet: async (req) => {
      const type = setTypeField("set_type", req.setType);
      if (req.name === "") throw invalidArgument("name", `"" (a set name is required)`);
      let removed = false;
      const result = await outcome("", async () => {
        removed = await control.removeDefinedSet(type, req.name);
      });
      if (!result.success) return result;
      return {
        success: true,
        message: removed
          ? `defined set '${req.name}' removed`
          : `defined set '${req.name}' not present`,
      };
    },
    ListDefinedSets: async (req) => {
      const filter: { type?: ReturnType<typeof setTypeField>; name?: string } = {};
      if (req.setType !== null && req.setType !== "") {
        filter.type = setTypeField("set_type", req.setType);
      }
      if (req.name !== null && req.name !== "") filter.name = req.name;
      return { sets: (await control.listDefinedSets(filter)).map(definedSetToInfo) };
    },
    AddPolicy: (req) => {
      const policy = policyFromProto(req);
      return outcome(`policy '${policy.name}' added`, () => control.addPolicy(policy));
    },
    RemovePolicy: async (req) => {
      if (req.name === "") throw invalidArgument("name", `"" (a policy name is required)`);
      let removed = false;
      const result = await outcome("", async () => {
        removed = await control.removePolicy(req.name);
      });
      if (!result.success) return result;
      return {
        success: true,
        message: removed ? `policy '${req.name}' removed` : `policy '${req.name}' not present`,
      };
    },
    ListPolicies: async (req) => ({
      policies: (await control.listPolicies(req.name ?? undefined)).map(policyToProto),
    }),
    SetPolicyAssignment: (req) => {
      const a = policyAssignmentFromProto(req);
      return outcome(
        `${a.direction} policies of ${formatIp(a.peer)} set to [${a.policies.join(", ")}]`,
        () => control.setPolicyAssignment(a),
      );
    },

    // ------------------------------------------------------------ netlink
    EnableNetlink: async (req) => {
      const e = netlinkEnableFromProto(req);
      if (e.direction === "import") await control.enableNetlinkImport(e.request);
      else await control.enableNetlinkExport(e.request);
      return {};
    },
    GetNetlink: async () => netlinkToProto(await control.getNetlink()),
    DisableNetlink: async (req) => {
      await control.disableNetlink(netlinkDirectionFromProto(req.direction), req.keepRoutes);
      return {};
    },
  };
  return withStatusMapping(impl);
}

/** Every handler, with ControlErrors turned into gRPC statuses. */
function withStatusMapping(impl: ServiceImpl): ServiceImpl {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(impl)) {
    out[name] = async (...args: unknown[]) => {
      try {
        return await (fn as (...a: unknown[]) => unknown)(...args);
      } catch (e) {
        throw asStatus(e);
      }
    };
  }
  return out as unknown as ServiceImpl;
}
