/**
 * Internal session hooks, in the spirit of CoreBGP's Plugin: the RIB glue, BMP and logging attach
 * to sessions through these instead of the session driver knowing about them.
 * Hooks run synchronously on the speaker's lane; they must not block.
 */
import type { PeerConfig } from "../config/model.ts";
import type { Negotiated } from "../fsm/mod.ts";
import type {
  Capability,
  CodecContext,
  NotificationMessage,
  OpenMessage,
  RouteRefreshMessage,
  UpdateMessage,
} from "../wire/types.ts";

/** A peer as hooks see it. */
export interface PeerInfo {
  /** The peer's identity: its IP address as text (peers are keyed by address, as in bgpgg). */
  readonly address: string;
  readonly config: PeerConfig;
  /** Created for an unconfigured address (accept_unconfigured_peers); gone when it closes. */
  readonly dynamic: boolean;
}

/** One Established (or establishing) session. */
export interface SessionInfo {
  readonly peer: PeerInfo;
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localAs: number;
  readonly remoteAs: number;
  /** The peer's BGP identifier, dotted quad. */
  readonly remoteId: string;
  /** Negotiated hold time in seconds (0 = no keepalives). */
  readonly holdTime: number;
  readonly sentOpen: OpenMessage;
  readonly receivedOpen: OpenMessage;
  /** The whole OPEN PDUs as on the wire (BMP Peer Up carries them, RFC 7854 §4.10). */
  readonly sentOpenBytes: Uint8Array;
  readonly receivedOpenBytes: Uint8Array;
  /** Everything the OPEN exchange decided (families, ADD-PATH, GR, route refresh...). */
  readonly negotiated: Negotiated;
  /** What the codec needs for this session (4-octet AS, ADD-PATH, extended messages). */
  readonly codec: CodecContext;
  /** Families both sides announced ("1/1", "2/1"). */
  readonly families: readonly string[];
  /** True for eBGP (remote AS differs from ours). */
  readonly external: boolean;
}

/** Sends UPDATEs on an Established session (valid until `closed` fires). */
export interface UpdateWriter {
  /** Encodes and queues one UPDATE; false when the session is gone or its queue overflowed. */
  write(update: UpdateMessage): boolean;
  /** Queues an already encoded UPDATE message (header included). */
  writeEncoded(message: Uint8Array): boolean;
  /** Bytes waiting for the socket (for pacing large dumps). */
  readonly pendingBytes: number;
  /** Resolves when everything queued so far is on the socket. */
  flushed(): Promise<void>;
}

/**
 * Why a session went down, in RFC 7854 §4.9 terms so BMP can report it without translation.
 * `fsmEvent` carries the RFC 4271 §8.1 event number when the FSM named one.
 */
export type DownReason =
  | { readonly type: "local-notification"; readonly notification: NotificationMessage }
  | { readonly type: "local-no-notification"; readonly fsmEvent: number; readonly text: string }
  | { readonly type: "remote-notification"; readonly notification: NotificationMessage }
  | { readonly type: "remote-no-notification"; readonly text: string }
  | { readonly type: "deconfigured"; readonly notification: NotificationMessage };

export interface SessionHooks {
  /** Extra capabilities for our OPEN (multiprotocol and 4-octet AS are added by the speaker). */
  capabilities?(peer: PeerInfo): readonly Capability[];
  /** The peer's OPEN passed the FSM's checks; return a NOTIFICATION to refuse the session. */
  openReceived?(peer: PeerInfo, open: OpenMessage): NotificationMessage | undefined;
  /** The session is Established; `writer` sends UPDATEs until `closed`. */
  established?(session: SessionInfo, writer: UpdateWriter): void;
  /**
   * A decoded UPDATE arrived. Return a NOTIFICATION to reset the session (the codec has already
   * applied RFC 7606; this is for policy-level refusals).
   */
  updateReceived?(session: SessionInfo, update: UpdateMessage): NotificationMessage | undefined;
  /** A ROUTE-REFRESH arrived on an Established session (RFC 2918, RFC 7313). */
  routeRefreshReceived?(session: SessionInfo, message: RouteRefreshMessage): void;
  /** An Established session ended. */
  closed?(session: SessionInfo, reason: DownReason): void;
}

/** Several hooks as one, called in registration order. */
export class HookChain implements Required<SessionHooks> {
  #hooks: SessionHooks[] = [];
  #onError: (hook: string, error: unknown) => void;

  /** `onError` sees exceptions from observers (established, closed); they do not propagate. */
  constructor(onError: (hook: string, error: unknown) => void = () => {}) {
    this.#onError = onError;
  }

  /** Adds `hooks`; returns a function that removes them. */
  add(hooks: SessionHooks): () => void {
    this.#hooks.push(hooks);
    return () => {
      this.#hooks = this.#hooks.filter((h) => h !== hooks);
    };
  }

  capabilities(peer: PeerInfo): readonly Capability[] {
    return this.#hooks.flatMap((h) => h.capabilities?.(peer) ?? []);
  }

  /** The first refusal wins. */
  openReceived(peer: PeerInfo, open: OpenMessage): NotificationMessage | undefined {
    for (const h of this.#hooks) {
      const refusal = h.openReceived?.(peer, open);
      if (refusal) return refusal;
    }
    return undefined;
  }

  established(session: SessionInfo, writer: UpdateWriter): void {
    for (const h of this.#hooks) {
      try {
        h.established?.(session, writer);
      } catch (e) {
        this.#onError("established", e);
      }
    }
  }

  /** The first NOTIFICATION wins; later hooks do not see the UPDATE. */
  updateReceived(session: SessionInfo, update: UpdateMessage): NotificationMessage | undefined {
    for (const h of this.#hooks) {
      const reset = h.updateReceived?.(session, update);
      if (reset) return reset;
    }
    return undefined;
  }

  routeRefreshReceived(session: SessionInfo, message: RouteRefreshMessage): void {
    for (const h of this.#hooks) {
      try {
        h.routeRefreshReceived?.(session, message);
      } catch (e) {
        this.#onError("routeRefreshReceived", e);
      }
    }
  }

  closed(session: SessionInfo, reason: DownReason): void {
    for (const h of this.#hooks) {
      try {
        h.closed?.(session, reason);
      } catch (e) {
        this.#onError("closed", e);
      }
    }
  }
}
