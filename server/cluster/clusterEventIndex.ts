import type { EventFilter } from '../../lib/events';
import { byNewest, decodeCursor, encodeCursor } from '../store/blockScan';
import { scanSubject, type EventIndexReader, type IndexCoverage, type IndexedInput, type IndexPage, type IndexQuery, type PartitionScope, type ReplayMark } from '../store/eventIndex';
import { eventFilterParams } from '../http/eventFilterParams';
import { peerGet, type PeerAnswer } from './peerRequest';

/** Asks another instance, with the caller's Authorization header. */
export type PeerGet = <T>(baseUrl: string, path: string, params: URLSearchParams, authorization: string | undefined) => Promise<PeerAnswer<T>>;

/** Where each partition's index lives: here, at another instance, or nowhere yet. */
export interface IndexPlacement {
  /** Every partition of the topic; null until the group's assignment is known. */
  partitions: readonly number[] | null;
  /** Partitions this instance's own index answers for: held here and replayed whole. */
  local: ReadonlySet<number>;
  /** Where the holder of each partition is reached (its advertised URL). */
  urls: ReadonlyMap<number, string>;
  /** This instance's own advertised URL: a partition placed there but not local is being rebuilt here. */
  selfUrl: string | null;
}

/** What a peer answers for a page, a count, one input and replays: only for the partitions it names as covered. */
export interface PeerPage {
  inputs: IndexedInput[];
  nextCursor: string | null;
  covered: number[];
}
export interface PeerCount {
  count: number;
  covered: number[];
}
export interface PeerInput {
  input: IndexedInput | null;
  covered: number[];
}
export interface PeerReplays {
  marks: [string, ReplayMark][];
}


/** One source of an answer: this instance's index, or another instance, for some partitions. */
interface Source {
  url: string | null;
  partitions: number[];
}

/**
 * The event index of every instance, read as one (DESIGN section 8): a query goes to this
 * instance's index for the partitions it holds and to each other holder for its own, in
 * parallel, and the pages merge by the index's order (newest append, then partition, then
 * offset), so a cursor is a position in that order whoever answers next time, and paging
 * while partitions move repeats and skips nothing. A holder that does not answer leaves its
 * partitions out, and the answer says which (`coverage`), never passing a part for the whole.
 */
export class ClusterEventIndex {
  constructor(
    private readonly local: EventIndexReader,
    private readonly placement: () => IndexPlacement,
    private readonly ask: PeerGet = peerGet,
  ) {}

  /** A reader for one request: it carries the caller's token to the other instances, and remembers what they left out. */
  forRequest(authorization: string | undefined): EventIndexReader {
    return new ClusterReader(this.local, this.placement(), <T>(baseUrl: string, path: string, params: URLSearchParams) => this.ask<T>(baseUrl, path, params, authorization));
  }
}

type Ask = <T>(baseUrl: string, path: string, params: URLSearchParams) => Promise<PeerAnswer<T>>;

class ClusterReader implements EventIndexReader {
  private readonly missing = new Set<number>();
  private known = true;

  constructor(
    private readonly local: EventIndexReader,
    private readonly placement: IndexPlacement,
    private readonly ask: Ask,
  ) {}

  coverage(): IndexCoverage {
    const missingPartitions = [...this.missing].sort((a, b) => a - b);
    return { partial: !this.known || missingPartitions.length > 0, missingPartitions };
  }

  /** The sources for `wanted` (every partition when null): each partition once, at its holder. */
  private sources(wanted: PartitionScope = null): Source[] {
    const { partitions, local, urls, selfUrl } = this.placement;
    if (partitions === null) this.known = false;
    const all = wanted ?? partitions ?? [...local];
    const byUrl = new Map<string | null, number[]>();
    for (const partition of all) {
      const url = local.has(partition) ? null : (urls.get(partition) ?? undefined);
      if (url === undefined || url === selfUrl) {
        // Nobody holds it yet, or this instance does and is still replaying it.
        this.missing.add(partition);
        continue;
      }
      byUrl.set(url, [...(byUrl.get(url) ?? []), partition]);
    }
    return [...byUrl].map(([url, list]) => ({ url, partitions: list }));
  }

  /** Marks what a peer did not cover (or did not answer for) as missing. */
  private account(source: Source, covered: readonly number[] | null): void {
    const coveredSet = new Set(covered ?? []);
    for (const partition of source.partitions) if (!coveredSet.has(partition)) this.missing.add(partition);
  }

  private scoped(params: URLSearchParams, partitions: readonly number[]): URLSearchParams {
    const scoped = new URLSearchParams(params);
    scoped.set('partitions', partitions.join(','));
    return scoped;
  }

  async page(query: IndexQuery, partitions: PartitionScope = null): Promise<IndexPage> {
    // A bad cursor is the caller's mistake whoever would have answered: refused here, before anyone is asked.
    if (query.cursor !== null) decodeCursor(query.cursor);
    const params = eventFilterParams(query);
    params.set('limit', String(query.limit));
    if (query.cursor !== null) params.set('cursor', query.cursor);
    const pages = await Promise.all(
      this.sources(partitions).map(async (source): Promise<IndexPage> => {
        if (source.url === null) return this.local.page(query, source.partitions);
        const answer = await this.ask<PeerPage>(source.url, '/events', this.scoped(params, source.partitions));
        this.account(source, answer.ok ? answer.body.covered : null);
        return answer.ok ? { items: answer.body.inputs, nextCursor: answer.body.nextCursor } : { items: [], nextCursor: null };
      }),
    );
    const merged = pages.flatMap((page) => page.items).sort(byNewest);
    const items = merged.slice(0, query.limit);
    const more = merged.length > query.limit || pages.some((page) => page.nextCursor !== null);
    return { items, nextCursor: more && items.length > 0 ? encodeCursor(items[items.length - 1]!) : null };
  }

  async count(filter: EventFilter, partitions: PartitionScope = null): Promise<number> {
    const params = eventFilterParams(filter);
    const counts = await Promise.all(
      this.sources(partitions).map(async (source) => {
        if (source.url === null) return this.local.count(filter, source.partitions);
        const answer = await this.ask<PeerCount>(source.url, '/events/count', this.scoped(params, source.partitions));
        this.account(source, answer.ok ? answer.body.covered : null);
        return answer.ok ? answer.body.count : 0;
      }),
    );
    return counts.reduce((sum, count) => sum + count, 0);
  }

  /** Pages of every source merged as they are read: one page a source in memory at most. */
  async *scan(filter: EventFilter, chunkSize: number): AsyncIterable<IndexedInput[]> {
    const streams = this.sources().map((source) => ({ source, buffer: [] as IndexedInput[], cursor: null as string | null, done: false }));
    const refill = async (stream: (typeof streams)[number]) => {
      const page = await this.page({ ...filter, cursor: stream.cursor, limit: chunkSize }, stream.source.partitions);
      stream.buffer = page.items;
      stream.cursor = page.nextCursor;
      stream.done = page.nextCursor === null;
    };
    await Promise.all(streams.map(refill));
    let chunk: IndexedInput[] = [];
    for (;;) {
      for (const stream of streams) if (stream.buffer.length === 0 && !stream.done) await refill(stream);
      let newest: (typeof streams)[number] | null = null;
      for (const stream of streams) if (stream.buffer.length > 0 && (newest === null || byNewest(stream.buffer[0]!, newest.buffer[0]!) < 0)) newest = stream;
      if (newest === null) break;
      chunk.push(newest.buffer.shift()!);
      if (chunk.length >= chunkSize) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length > 0) yield chunk;
  }

  async get(partition: number, offset: number): Promise<IndexedInput | null> {
    const [source] = this.sources([partition]);
    if (!source) return null;
    if (source.url === null) return this.local.get(partition, offset);
    const answer = await this.askFor<PeerInput>(source, `/events/p${partition}-o${offset}`);
    return answer?.input ?? null;
  }

  ofSubject(subject: string): Promise<IndexedInput[]> {
    // Every holder is asked: a shipment's inputs are normally in the partition its key hashes to, but one keyed otherwise is found too.
    return scanSubject(this, subject);
  }

  async replaysOf(refs: readonly string[]): Promise<Map<string, ReplayMark>> {
    const marks = new Map<string, ReplayMark>();
    if (refs.length === 0) return marks;
    const answers = await Promise.all(
      this.sources().map(async (source) => {
        if (source.url === null) return [...(await this.local.replaysOf(refs))];
        const params = new URLSearchParams({ refs: refs.join(',') });
        const answer = await this.ask<PeerReplays>(source.url, '/replays', params);
        if (!answer.ok) this.account(source, null);
        return answer.ok ? answer.body.marks : [];
      }),
    );
    for (const [ref, mark] of answers.flat()) {
      const known = marks.get(ref);
      if (!known || mark.appendTime > known.appendTime) marks.set(ref, mark);
    }
    return marks;
  }

  private async askFor<T extends { covered: number[] }>(source: Source, path: string): Promise<T | null> {
    const answer = await this.ask<T>(source.url!, path, new URLSearchParams());
    this.account(source, answer.ok ? answer.body.covered : null);
    return answer.ok ? answer.body : null;
  }
}
