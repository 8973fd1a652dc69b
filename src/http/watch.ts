// Watch over HTTP (chunked, one JSON event per line) and WebSocket (one text message per event),
// sharing one encoder and the storage watch core.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from '@fastify/websocket';
import { badRequest, expired, fieldError, invalid, timeout, type FieldError, type Status } from '../machinery/status.js';
import { apiVersionOf } from '../machinery/types.js';
import { parseResourceVersion, parseSelection, selectionMatches } from '../registry/list.js';
import type { Registry } from '../registry/registry.js';
import type { Strategy } from '../registry/strategy.js';
import { viewStored } from '../registry/views.js';
import type { EventType } from '../storage/events.js';
import type { StoredObject } from '../storage/table.js';
import type { Watch, WatchSink } from '../storage/watch.js';
import { WatchBuffers, type BufferedWatcher } from './watch-buffers.js';
import type { Clock } from '../util/clock.js';
import { negotiate, type Rendering } from './negotiate.js';
import type { ResolvedPath } from './paths.js';
import * as qp from './query.js';
import { partialMetadata, table } from './render.js';

export interface WatchDeps {
  registry: Registry;
  clock: Clock;
  watches: Set<Watch>;
  bookmarkIntervalMs: number;
  /** A consumer with more than this many bytes unread is cut off (used when `watchBuffers` is unset). */
  maxWatchBufferBytes: number;
  /** Unread bytes per watcher and server-wide, and the terminated-watchers metric. */
  watchBuffers?: WatchBuffers;
  /** Fault injection (src/faults): may cut a watch short or end it with a 410. */
  interceptWatch?: (req: FastifyRequest) => WatchInterceptor | undefined;
}

// ---- fault-injection hook (src/faults owns the policy) ----
/** 'send' goes on; 'close' ends the stream cleanly; 'expire' ends it with a 410 Expired ERROR event. */
export type WatchVerdict = 'send' | 'close' | 'expire';

export interface WatchInterceptor {
  /** Consulted once, right after the stream opens (before any event when none is pending). */
  atOpen(): WatchVerdict;
  /** Consulted before each ADDED/MODIFIED/DELETED event. */
  beforeEvent(): WatchVerdict;
}
// ---- end fault-injection hook ----

export const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

const EVENT_TEXT_PREFIX: Record<EventType, string> = {
  ADDED: '{"type":"ADDED","object":', MODIFIED: '{"type":"MODIFIED","object":', DELETED: '{"type":"DELETED","object":',
};
const EVENT_PREFIX: Record<EventType, Buffer> = {
  ADDED: Buffer.from(EVENT_TEXT_PREFIX.ADDED), MODIFIED: Buffer.from(EVENT_TEXT_PREFIX.MODIFIED), DELETED: Buffer.from(EVENT_TEXT_PREFIX.DELETED),
};
const EVENT_SUFFIX = Buffer.from('}\n');

/**
 * The last few `{"type":...,"object":...}\n` lines built. Fan-out hands one event to every watcher
 * in one synchronous pass, so this serialises an event once, not once per watcher, without
 * keeping a line for every object version in the watch history (caching lines per object held
 * two serialised copies of the whole history as soon as anyone watched).
 */
const recentLines: { o: StoredObject; type: EventType; line: Buffer }[] = [];
const RECENT_LINES = 8;

function jsonEvent(type: EventType, o: StoredObject): Buffer {
  for (const e of recentLines) if (e.o === o && e.type === type) return e.line;
  // The object's cached bytes when a GET or LIST made them; otherwise none are cached for it: most
  // event objects are old versions that only the watch history keeps, and bytes cached on each
  // would hold a serialised copy of the whole history once anyone watched.
  const line = o.bytes
    ? Buffer.concat([EVENT_PREFIX[type], o.bytes, EVENT_SUFFIX])
    : Buffer.from(`${EVENT_TEXT_PREFIX[type]}${JSON.stringify(o.obj)}}\n`);
  if (recentLines.unshift({ o, type, line }) > RECENT_LINES) recentLines.pop();
  return line;
}

class Encoder {
  private firstTable = true;
  constructor(private readonly s: Strategy, private readonly as: Rendering, private readonly now: () => number) {}

  event(type: EventType, stored: StoredObject): string | Buffer {
    const o = this.s.view ? viewStored(this.s.view, stored) : stored;
    if (this.as === 'table') {
      const t = table(this.s, [o.obj], { resourceVersion: o.obj.metadata.resourceVersion ?? '' }, this.now(), 'Metadata', this.firstTable);
      this.firstTable = false;
      return `${JSON.stringify({ type, object: t })}\n`;
    }
    if (this.as === 'metalist') return `${JSON.stringify({ type, object: partialMetadata(o.obj) })}\n`;
    return jsonEvent(type, o);
  }

  bookmark(rv: number, initialEnd: boolean): string {
    const metadata: Record<string, unknown> = { resourceVersion: String(rv), creationTimestamp: null };
    if (initialEnd) metadata.annotations = { [INITIAL_EVENTS_END]: 'true' };
    const object = this.as === 'metalist'
      ? { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata }
      : { kind: this.s.info.kind, apiVersion: apiVersionOf(this.s.info.group, this.s.info.version), metadata };
    return `${JSON.stringify({ type: 'BOOKMARK', object })}\n`;
  }

  error(status: Status): string {
    return `${JSON.stringify({ type: 'ERROR', object: status })}\n`;
  }
}

interface Transport {
  /** Writes a chunk; false when the consumer has more unread than allowed. */
  write(chunk: string | Buffer): boolean;
  /** Ends the stream; `abort` (a consumer cut off) drops what it has not read and closes the connection. */
  end(abort?: boolean): void;
}

/** The per-watcher limit alone, for deps without shared accounting. */
function buffersOf(deps: WatchDeps): WatchBuffers {
  return deps.watchBuffers ?? new WatchBuffers(deps.maxWatchBufferBytes, Number.POSITIVE_INFINITY);
}

function watchErrors(q: qp.Query): FieldError[] {
  const errs: FieldError[] = [];
  const sie = qp.bool(q, 'sendInitialEvents');
  const match = qp.one(q, 'resourceVersionMatch');
  if (sie !== undefined && match !== 'NotOlderThan') {
    errs.push(fieldError.forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for watch unless resourceVersionMatch is set to NotOlderThan'));
  }
  if (match && sie === undefined) {
    errs.push(fieldError.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
  }
  if (match && match !== 'NotOlderThan') {
    errs.push(fieldError.notSupported('resourceVersionMatch', match, ['NotOlderThan']));
  }
  return errs;
}

/** Parses and validates a watch request, then wires a Watch to a transport. Throws before streaming. */
export function startWatch(deps: WatchDeps, req: FastifyRequest, p: ResolvedPath, transport: Transport): Watch {
  const q = req.query as qp.Query;
  const s = p.strategy;
  const errs = watchErrors(q);
  if (errs.length) throw invalid('ListOptions', 'meta.k8s.io', '', errs);
  let fieldSelector = qp.one(q, 'fieldSelector');
  if (p.name !== undefined) fieldSelector = [`metadata.name=${p.name}`, fieldSelector].filter(Boolean).join(',');
  const sel = parseSelection(s, qp.one(q, 'labelSelector'), fieldSelector);
  const rv = parseResourceVersion(qp.one(q, 'resourceVersion'));
  const current = deps.registry.store.currentRevision;
  if (rv !== undefined && rv > current) {
    throw timeout(`Too large resource version: ${rv}, current: ${current}`,
      [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }]);
  }
  const sendInitial = qp.bool(q, 'sendInitialEvents');
  const bookmarks = qp.bool(q, 'allowWatchBookmarks') === true;
  const timeoutSeconds = qp.int(q, 'timeoutSeconds');
  if (timeoutSeconds !== undefined && timeoutSeconds < 0) throw badRequest('timeoutSeconds must be non-negative');
  const initialEvents = sendInitial ?? (rv === undefined || rv === 0);
  const as = negotiate(req.headers.accept, true);
  const enc = new Encoder(s, as, () => deps.registry.now());
  const tap = deps.interceptWatch?.(req);
  const cut = (v: WatchVerdict): boolean => {
    if (v === 'expire') transport.write(enc.error(expired('The resourceVersion for the provided watch is too old.').status));
    transport.end();
    return false;
  };
  const sink: WatchSink = {
    event: (type, o) => {
      const v = tap?.beforeEvent() ?? 'send';
      return v === 'send' ? transport.write(enc.event(type, o)) : cut(v);
    },
    bookmark: (at, end) => (bookmarks ? transport.write(enc.bookmark(at, end)) : true),
    expired: (requested, oldest) => {
      const e = expired(`too old resource version: ${requested} (${oldest})`);
      transport.write(enc.error(e.status));
      transport.end();
    },
    // A consumer cut off for not reading would keep everything queued for it until it reads or
    // its connection dies: close the connection instead, as the apiserver ends such a watch.
    close: (reason) => transport.end(reason === 'slow'),
  };
  // The real server picks a random 30-60 minute timeout when the client sets none.
  const timeoutMs = timeoutSeconds !== undefined && timeoutSeconds > 0 ? timeoutSeconds * 1000 : (1800 + Math.floor(Math.random() * 1800)) * 1000;
  const w = deps.registry.openWatch(s, {
    namespace: s.info.namespaced ? p.namespace : undefined,
    filter: (o) => selectionMatches(s, sel, o),
    fromRV: rv,
    initialEvents,
    // 1.35 serves an unset/0 resourceVersion as sendInitialEvents=true: the end-of-initial-events
    // bookmark follows whenever bookmarks are allowed.
    initialEventsEndBookmark: initialEvents && bookmarks,
    bookmarks,
    bookmarkIntervalMs: deps.bookmarkIntervalMs,
    timeoutMs,
  }, sink);
  deps.watches.add(w);
  // Runs after the caller has opened the stream and started the watch.
  if (tap) {
    queueMicrotask(() => {
      const v = w.isClosed ? 'send' : tap.atOpen();
      if (v !== 'send') cut(v);
    });
  }
  return w;
}

/** Chunked HTTP: headers flushed at once, one event per line. */
export function handleWatch(deps: WatchDeps, req: FastifyRequest, reply: FastifyReply, p: ResolvedPath): FastifyReply {
  const res = reply.raw;
  const buffers = buffersOf(deps);
  let w: Watch | undefined;
  const member: BufferedWatcher = {
    group: p.strategy.info.group, resource: p.strategy.info.resource,
    unread: () => res.writableLength,
    terminate: () => w?.finish('slow'),
  };
  const transport: Transport = {
    write: (chunk) => {
      if (res.writableEnded || res.destroyed) return false;
      const unread = res.writableLength;
      res.write(chunk);
      return buffers.wrote(member, unread, res.writableLength);
    },
    end: (abort) => {
      if (w) deps.watches.delete(w);
      buffers.leave(member);
      if (abort) res.destroy();
      else if (!res.writableEnded) res.end();
      if (w?.isClosed === false) w.finish('client');
    },
  };
  w = startWatch(deps, req, p, transport);
  buffers.join(member);
  reply.hijack();
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  res.on('drain', () => buffers.update(member, res.writableLength));
  res.on('close', () => {
    deps.watches.delete(w!);
    buffers.leave(member);
    w!.finish('client');
  });
  w.start();
  return reply;
}

/**
 * WebSocket subprotocols for watch, as the apiserver's wsstream offers them: binary.k8s.io (binary
 * frames), base64.binary.k8s.io (base64 text frames), or none (plain text frames). The browser
 * token protocol (base64url.bearer.authorization.k8s.io.*) is never echoed back.
 */
const WATCH_PROTOCOLS = ['binary.k8s.io', 'base64.binary.k8s.io'];

export function chooseWatchProtocol(offered: Set<string>): string | false {
  for (const p of offered) if (WATCH_PROTOCOLS.includes(p)) return p;
  return false;
}

function frameFor(protocol: string): (chunk: string | Buffer) => string | Buffer {
  if (protocol === 'binary.k8s.io') return (chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  if (protocol === 'base64.binary.k8s.io') return (chunk) => Buffer.from(chunk).toString('base64');
  return (chunk) => chunk.toString();
}

/** WebSocket: the same events, each as one message (with its trailing newline, as the apiserver does). */
export function handleWatchSocket(deps: WatchDeps, socket: WebSocket, req: FastifyRequest, p: ResolvedPath): void {
  let w: Watch | undefined;
  const frame = frameFor(socket.protocol);
  const buffers = buffersOf(deps);
  const member: BufferedWatcher = {
    group: p.strategy.info.group, resource: p.strategy.info.resource,
    unread: () => socket.bufferedAmount,
    terminate: () => w?.finish('slow'),
  };
  const transport: Transport = {
    write: (chunk) => {
      if (socket.readyState !== socket.OPEN) return false;
      const unread = socket.bufferedAmount;
      socket.send(frame(chunk));
      return buffers.wrote(member, unread, socket.bufferedAmount);
    },
    end: (abort) => {
      if (w) deps.watches.delete(w);
      buffers.leave(member);
      if (abort) socket.terminate();
      else if (socket.readyState === socket.OPEN) socket.close(1000);
      if (w?.isClosed === false) w.finish('client');
    },
  };
  try {
    w = startWatch(deps, req, p, transport);
  } catch (e) {
    const status = (e as { status?: Status }).status;
    if (status) socket.send(frame(`${JSON.stringify({ type: 'ERROR', object: status })}\n`));
    socket.close(1000);
    return;
  }
  buffers.join(member);
  socket.on('close', () => {
    deps.watches.delete(w!);
    buffers.leave(member);
    w!.finish('client');
  });
  w.start();
}
