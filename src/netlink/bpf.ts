/**
 * A classic-BPF socket filter (linux/filter.h) that drops route notifications caused by one
 * netlink port: the listener is not woken by edgebgp's own route writes (FRR's
 * netlink_install_filter does the same). Kept pure so its bytes are testable; ffi/ attaches it
 * with SO_ATTACH_FILTER.
 *
 * BPF absolute loads read big-endian, while netlink headers are little-endian on the hosts we
 * support: compare nlmsg_type against the byte-swapped RTM_NEWROUTE (24 -> 0x1800) and the pid
 * against the byte-swapped port id.
 */
import { RTM } from "./constants.ts";

const BPF_LD_H_ABS = 0x28;
const BPF_LD_W_ABS = 0x20;
const BPF_JMP_JEQ_K = 0x15;
const BPF_RET_K = 0x06;

function swap16(v: number): number {
  return ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
}

function swap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}

/** The filter program: 7 struct sock_filter {u16 code; u8 jt; u8 jf; u32 k} in host order. */
export function routeEchoFilter(portId: number): Uint8Array {
  const prog: [number, number, number, number][] = [
    [BPF_LD_H_ABS, 0, 0, 4], // A = nlmsg_type
    [BPF_JMP_JEQ_K, 1, 0, swap16(RTM.NEWROUTE)], // RTM_NEWROUTE -> check pid
    [BPF_JMP_JEQ_K, 0, 3, swap16(RTM.DELROUTE)], // RTM_DELROUTE -> check pid, else accept
    [BPF_LD_W_ABS, 0, 0, 12], // A = nlmsg_pid
    [BPF_JMP_JEQ_K, 0, 1, swap32(portId >>> 0)], // ours -> drop, else accept
    [BPF_RET_K, 0, 0, 0], // drop
    [BPF_RET_K, 0, 0, 0xffffffff], // accept whole datagram
  ];
  const out = new Uint8Array(prog.length * 8);
  const view = new DataView(out.buffer);
  prog.forEach(([code, jt, jf, k], i) => {
    view.setUint16(i * 8, code, true);
    view.setUint8(i * 8 + 2, jt);
    view.setUint8(i * 8 + 3, jf);
    view.setUint32(i * 8 + 4, k, true);
  });
  return out;
}
