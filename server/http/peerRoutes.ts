import { parseRecordRef } from '../pipeline/logRecord';
import { InvalidCursorError } from '../store/blockScan';
import type { Route } from './apiRouter';
import { ApiError } from './apiError';
import { parseEventFilter } from './eventFilterParams';
import { MAX_EVENTS_PAGE, type OperatorContext } from './eventsApi';
import { PEER_PATH_PREFIX } from './paths';
import { parseLimit } from './queryParams';

/**
 * What one instance answers another (server/cluster/clusterEventIndex.ts): matches from
 * its own index only, for the partitions asked for that it holds and has replayed whole,
 * named in `covered`, so the asker knows what is still missing. Read access, with the
 * token the asker was given; inputs in the index's own form.
 */
export function peerRoutes(operator: OperatorContext, route: (path: string, action: Route['action'], methods: Route['methods']) => Route): Route[] {
  const covered = (asked: number[]): number[] => {
    const local = operator.localPartitions?.() ?? new Set<number>();
    return asked.filter((partition) => local.has(partition));
  };
  return [
    route(`${PEER_PATH_PREFIX}/events`, 'read', {
      GET: async ({ url }) => {
        const partitions = covered(partitionList(url.searchParams));
        const filter = parseEventFilter(url.searchParams);
        const limit = parseLimit(url.searchParams.get('limit'), 100, MAX_EVENTS_PAGE);
        const cursor = url.searchParams.get('cursor') || null;
        try {
          const page = await operator.index.page({ ...filter, cursor, limit }, partitions);
          return { status: 200, body: { inputs: page.items, nextCursor: page.nextCursor, covered: partitions } };
        } catch (error) {
          if (error instanceof InvalidCursorError) throw new ApiError('invalid_parameter', `cursor: ${error.message}`);
          throw error;
        }
      },
    }),
    route(`${PEER_PATH_PREFIX}/events/count`, 'read', {
      GET: async ({ url }) => {
        const partitions = covered(partitionList(url.searchParams));
        return { status: 200, body: { count: await operator.index.count(parseEventFilter(url.searchParams), partitions), covered: partitions } };
      },
    }),
    route(`${PEER_PATH_PREFIX}/events/:ref`, 'read', {
      GET: async ({ params }) => {
        const coordinates = parseRecordRef(params[0]!);
        if (!coordinates) throw new ApiError('invalid_parameter', `ref: ${JSON.stringify(params[0])} is not a ref such as p3-o1042`);
        const partitions = covered([coordinates.partition]);
        const input = partitions.length > 0 ? await operator.index.get(coordinates.partition, coordinates.offset) : null;
        return { status: 200, body: { input, covered: partitions } };
      },
    }),
    route(`${PEER_PATH_PREFIX}/replays`, 'read', {
      GET: async ({ url }) => {
        const refs = (url.searchParams.get('refs') ?? '').split(',').filter((ref) => ref !== '');
        if (refs.length > 1_000) throw new ApiError('invalid_parameter', 'refs: at most 1,000');
        return { status: 200, body: { marks: [...(await operator.index.replaysOf(refs))] } };
      },
    }),
  ];
}

function partitionList(params: URLSearchParams): number[] {
  const text = params.get('partitions');
  if (text === null || text === '') throw new ApiError('invalid_parameter', 'partitions: required, a comma list such as 0,3');
  const partitions = text.split(',').map(Number);
  if (partitions.some((partition) => !Number.isInteger(partition) || partition < 0) || partitions.length > 10_000) {
    throw new ApiError('invalid_parameter', `partitions: expected a comma list of partition numbers, got ${JSON.stringify(text)}`);
  }
  return partitions;
}
