/**
 * What the speaker tells the outside (BMP client, netlink exporter, gRPC watchers): a small typed
 * event emitter. Listeners run synchronously on the speaker's lane and must only queue work;
 * an exception in one listener is reported and does not reach the speaker or other listeners.
 */
import type { DownReason, PeerInfo, SessionInfo } from "./hooks.ts";
import type { PeerStatsSnapshot } from "./stats.ts";
import type { UpdateMessage } from "../wire/types.ts";

/** RFC 4271 §8.2.2 state names. */
export type PeerStateName =
  | "Idle"
  | "Connect"
  | "Active"
  | "OpenSent"
  | "OpenConfirm"
  | "Established";

export type SpeakerEvent =
  /** A peer's FSM changed state (every change, including Idle <-> Connect retries). */
  | {
    readonly type: "peer-state";
    readonly peer: PeerInfo;
    readonly from: PeerStateName;
    readonly to: PeerStateName;
    readonly at: number;
  }
  /** A session reached Established (BMP Peer Up, RFC 7854 §4.10). */
  | { readonly type: "peer-up"; readonly session: SessionInfo; readonly at: number }
  /** An Established session ended (BMP Peer Down, RFC 7854 §4.9). */
  | {
    readonly type: "peer-down";
    readonly session: SessionInfo;
    readonly reason: DownReason;
    readonly stats: PeerStatsSnapshot;
    readonly at: number;
  }
  /** An UPDATE as received, before policy (BMP Route Monitoring, pre-policy Adj-RIB-In). */
  | {
    readonly type: "update-received";
    readonly session: SessionInfo;
    readonly update: UpdateMessage;
    /** The whole UPDATE PDU as received (a view: copy it to keep it). */
    readonly bytes: Uint8Array;
    readonly at: number;
  }
  /** A peer was added (config or API) or removed (de-configured, dynamic peer closed). */
  | { readonly type: "peer-added"; readonly peer: PeerInfo; readonly at: number }
  | { readonly type: "peer-removed"; readonly peer: PeerInfo; readonly at: number };

export type SpeakerEventType = SpeakerEvent["type"];
export type SpeakerEventOf<T extends SpeakerEventType> = Extract<SpeakerEvent, { type: T }>;
export type SpeakerListener = (event: SpeakerEvent) => void;

export class SpeakerEvents {
  #all: SpeakerListener[] = [];
  #onError: (error: unknown, event: SpeakerEvent) => void;

  constructor(onError: (error: unknown, event: SpeakerEvent) => void = () => {}) {
    this.#onError = onError;
  }

  /** Listens to every event; returns the unsubscribe function. */
  subscribe(listener: SpeakerListener): () => void {
    this.#all = [...this.#all, listener];
    return () => {
      this.#all = this.#all.filter((l) => l !== listener);
    };
  }

  /** Listens to one event type; returns the unsubscribe function. */
  on<T extends SpeakerEventType>(
    type: T,
    listener: (event: SpeakerEventOf<T>) => void,
  ): () => void {
    return this.subscribe((e) => {
      if (e.type === type) listener(e as SpeakerEventOf<T>);
    });
  }

  get listenerCount(): number {
    return this.#all.length;
  }

  emit(event: SpeakerEvent): void {
    for (const l of this.#all) {
      try {
        l(event);
      } catch (e) {
        this.#onError(e, event);
      }
    }
  }
}
