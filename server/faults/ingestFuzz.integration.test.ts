import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_REASONS } from '../../lib/contract/deadLetterReasons';
import {
  CLOUDEVENTS_BATCH_CONTENT_TYPE,
  CLOUDEVENTS_CONTENT_TYPE,
  DATA_SCHEMA_V1,
  DATA_SCHEMA_V2,
  EVENT_TYPES,
  EXCEPTION_CODES,
  NDJSON_CONTENT_TYPE,
} from '../../lib/contract/eventTypes';
import type { Summary } from '../../lib/summary';
import { postEvents, startServer, waitUntilLive, type RunningServer } from '../testing/runningServer';

/*
 * A fuzz fault suite for the producers' door, POST /api/events, on the real server
 * (production build, embedded mode, SQLite log in a temporary DATA_DIR). Tens of
 * thousands of hostile items go in through all three bodies (one structured CloudEvent,
 * a batch, NDJSON): valid events stamped now, valid events with one to four mutations,
 * and garbage down to the byte. Nothing here predicts what the server decides about an
 * item: the contract changes under us (new limits, new rules), so the expectations come
 * from the server's own 202 answers, and the suite checks that the server keeps its word:
 * no crash and no 5xx, every item it answered for counted once in `inputs`, every item it
 * said it rejected a dead letter with the reason it gave, and a summary that stays small
 * whatever was sent.
 *
 * The seed is fixed so a failure replays; WAYBILL_FUZZ_SEED explores other seeds.
 */

const SEED = seedFrom(process.env.WAYBILL_FUZZ_SEED);

/** 42 unless WAYBILL_FUZZ_SEED names another; an empty variable is unset, anything else not a whole number is a mistake. */
function seedFrom(text: string | undefined): number {
  if (text === undefined || text === '') return 42;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`WAYBILL_FUZZ_SEED: expected a whole number, got ${JSON.stringify(text)}`);
  return seed;
}
/** Fewer items counted than this and the run did not test the volume it claims to. */
const MIN_INPUTS = 20_000;
/** "Small whatever was sent": a summary is read by every dashboard, every second. */
const MAX_SUMMARY_BYTES = 64 * 1024;
/** Time budgets: the whole file has to stay well under two minutes on a 2-core machine. */
const SEND_BUDGET_MS = 60_000;
const SETTLE_BUDGET_MS = 30_000;
const REQUEST_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 115_000;
/** A refusal for load (429) wrote nothing; the request is sent again, this many times at most. */
const MAX_SENDS_PER_REQUEST = 5;
/** Dead letters read per page of GET /api/dlq: well under the API's maximum. */
const DLQ_PAGE_SIZE = 200;
/** Every instant the query parameters accept (the range of JavaScript dates), so no event time falls outside. */
const WHOLE_TIME_RANGE = 'from=-8640000000000000&to=8640000000000000';

// ---------------------------------------------------------------------------------------
// A JSON text as a tree, so mutations can reach any field and write what JSON.stringify
// never would: duplicate keys, numbers beyond a double, raw control characters.

type TimeStyle = 'iso' | 'seconds' | 'micros' | 'offset' | 'lowercase' | 'space';

type JsonNode =
  | { kind: 'object'; entries: [string, JsonNode][] }
  /** Any text, JSON or deliberately not. */
  | { kind: 'raw'; text: string }
  /** An event time relative to when the request is sent: events stay "now" however long the run takes. */
  | { kind: 'time'; offsetMs: number; style: TimeStyle }
  /** `inner` wrapped `depth` times in arrays or objects. */
  | { kind: 'nested'; depth: number; bracket: 'array' | 'object'; inner: JsonNode };

type Damage =
  | { how: 'truncate'; fraction: number }
  | { how: 'invalidUtf8'; fraction: number; sequence: readonly number[] }
  | { how: 'utf8Bom' | 'utf16' | 'utf16WithBom' | 'twoObjects' | 'trailingComma' | 'wrappedInArray' };

/** One item of a body: an event (pristine or mutated), garbage text or bytes, or an event damaged after rendering. */
type Item =
  | { kind: 'event'; node: JsonNode; pristine: boolean }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'damaged'; node: JsonNode; damage: Damage };

const raw = (text: string): JsonNode => ({ kind: 'raw', text });
const json = (value: unknown): JsonNode => raw(JSON.stringify(value));

function formatTime(ms: number, style: TimeStyle): string {
  const iso = new Date(ms).toISOString();
  switch (style) {
    case 'iso':
      return iso;
    case 'seconds':
      return iso.replace(/\.\d{3}Z$/, 'Z');
    case 'micros':
      return iso.replace(/Z$/, '417Z');
    case 'offset':
      // The same instant written at +05:30.
      return `${new Date(ms + 330 * 60_000).toISOString().slice(0, 23)}+05:30`;
    case 'lowercase':
      return iso.replace('T', 't').replace('Z', 'z');
    case 'space':
      return iso.replace('T', ' ');
  }
}

function renderNode(node: JsonNode, now: number): string {
  switch (node.kind) {
    case 'raw':
      return node.text;
    case 'time':
      return JSON.stringify(formatTime(now + node.offsetMs, node.style));
    case 'object':
      return `{${node.entries.map(([key, value]) => `${JSON.stringify(key)}:${renderNode(value, now)}`).join(',')}}`;
    case 'nested': {
      const [open, close] = node.bracket === 'array' ? ['[', ']'] : ['{"n":', '}'];
      return `${open.repeat(node.depth)}${renderNode(node.inner, now)}${close.repeat(node.depth)}`;
    }
  }
}

function insertBytes(text: string, fraction: number, sequence: readonly number[]): Uint8Array {
  const bytes = Buffer.from(text);
  const at = Math.floor(bytes.length * fraction);
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(sequence), bytes.subarray(at)]);
}

function damage(text: string, how: Damage): string | Uint8Array {
  switch (how.how) {
    case 'truncate':
      return text.slice(0, Math.floor(text.length * how.fraction));
    case 'invalidUtf8':
      return insertBytes(text, how.fraction, how.sequence);
    case 'utf8Bom':
      return `\ufeff${text}`;
    case 'utf16':
      return Buffer.from(text, 'utf16le');
    case 'utf16WithBom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'twoObjects':
      return `${text}${text}`;
    case 'trailingComma':
      return text.replace(/}$/, ',}');
    case 'wrappedInArray':
      return `[${text}]`;
  }
}

function renderItem(item: Item, now: number): string | Uint8Array {
  switch (item.kind) {
    case 'event':
      return renderNode(item.node, now);
    case 'text':
      return item.text;
    case 'bytes':
      return item.bytes;
    case 'damaged':
      return damage(renderNode(item.node, now), item.damage);
  }
}

/**
 * An item as an element of a batch. A batch is one JSON document, so an item that is not
 * JSON (or nests deeper than JSON can be written back) would cost every other item of its
 * batch; it goes in as a JSON string instead, an item that is valid JSON but no event.
 * Unreadable batches are sent on purpose elsewhere (refusal probes).
 */
function asBatchElement(rendered: string | Uint8Array): string {
  const text = typeof rendered === 'string' ? rendered : Buffer.from(rendered).toString('latin1');
  try {
    JSON.stringify(JSON.parse(text));
    return text;
  } catch {
    return JSON.stringify(text);
  }
}

// ---------------------------------------------------------------------------------------
// Valid events, as the contract of DESIGN.md section 3 describes them, stamped near now.

const CARRIERS = ['DHL', 'UPS', 'FedEx', 'PostNL', 'DPD'];
const FACILITIES = [
  { code: 'AMS-3', region: 'eu-west' },
  { code: 'FRA-1', region: 'eu-central' },
  { code: 'JFK-2', region: 'us-east' },
  { code: 'SIN-1', region: 'ap-southeast' },
];
const SOURCES = ['/hubs/AMS-3/scanner-12', '/hubs/FRA-1/gate-2', 'urn:waybill:scanner:7', 'https://devices.example.com/t/9'];
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

const timeStyleArb = fc.constantFrom<TimeStyle>('iso', 'seconds', 'micros', 'offset', 'lowercase', 'space');

const validEventArb: fc.Arbitrary<JsonNode> = fc
  .record({
    type: fc.constantFrom(...EVENT_TYPES),
    // A few ids repeat, as a producer's retries do: duplicates are decided at the fold.
    id: fc.oneof(fc.integer({ min: 1, max: 50 }).map((n) => `evt-${n}`), fc.uuid()),
    source: fc.constantFrom(...SOURCES),
    subject: fc.integer({ min: 1, max: 300 }).map((n) => `SHP-${n}`),
    sequence: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
    version: fc.constantFrom('absent', '1', '2'),
    // Within a couple of seconds of the append: on time, neither late nor refused as future.
    offsetMs: fc.integer({ min: -2_000, max: 1_000 }),
    style: timeStyleArb,
    carrier: fc.constantFrom(...CARRIERS),
    facility: fc.constantFrom(...FACILITIES),
    geo: fc.option(fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) }), {
      nil: undefined,
    }),
    promisedInMs: fc.option(fc.integer({ min: 0, max: 3 * 86_400_000 }), { nil: undefined }),
    exceptionCode: fc.constantFrom(...EXCEPTION_CODES),
    temperatureC: fc.double({ min: -40, max: 60, noNaN: true }),
    batteryPct: fc.integer({ min: 0, max: 100 }),
    traceparent: fc.option(fc.constant(TRACEPARENT), { nil: undefined }),
  })
  .map((event): JsonNode => {
    const envelope: [string, JsonNode][] = [
      ['specversion', json('1.0')],
      ['id', json(event.id)],
      ['source', json(event.source)],
      ['type', json(event.type)],
      ['time', { kind: 'time', offsetMs: event.offsetMs, style: event.style }],
      ['subject', json(event.subject)],
    ];
    if (event.sequence !== undefined) envelope.push(['sequence', json(String(event.sequence))]);
    if (event.version === '1') envelope.push(['dataschema', json(DATA_SCHEMA_V1)]);
    if (event.version === '2') envelope.push(['dataschema', json(DATA_SCHEMA_V2)]);
    if (event.traceparent !== undefined) envelope.push(['traceparent', json(event.traceparent)]);
    const data: [string, JsonNode][] = [['carrier', json(event.carrier)]];
    if (event.version === '2') {
      data.push(['facility', { kind: 'object', entries: [['code', json(event.facility.code)], ['region', json(event.facility.region)]] }]);
      if (event.geo) data.push(['geo', { kind: 'object', entries: [['lat', json(event.geo.lat)], ['lon', json(event.geo.lon)]] }]);
      if (event.type === 'device.telemetry') data.push(['batteryPct', json(event.batteryPct)]);
    } else {
      data.push(['hub', json(event.facility.code)], ['region', json(event.facility.region)]);
      if (event.geo) data.push(['lat', json(event.geo.lat)], ['lon', json(event.geo.lon)]);
    }
    if (event.promisedInMs !== undefined) data.push(['promisedAt', { kind: 'time', offsetMs: event.promisedInMs, style: 'iso' }]);
    if (event.type === 'shipment.exception') data.push(['exceptionCode', json(event.exceptionCode)]);
    if (event.type === 'device.telemetry') data.push(['temperatureC', json(event.temperatureC)]);
    envelope.push(['data', { kind: 'object', entries: data }]);
    return { kind: 'object', entries: envelope };
  });

// ---------------------------------------------------------------------------------------
// Hostile values, keys and mutations.

const WRONG_TYPE_TEXTS = ['null', 'true', 'false', '0', '1', '-1', '[]', '{}', '""', '" "', '[null]', '[{}]', '"1.0"', '1.0', '{"0":"1.0"}'];
const OUT_OF_RANGE_NUMBER_TEXTS = [
  '1e400',
  '-1e400',
  '1e-400',
  '1.7976931348623157e308',
  '-1.7976931348623157e308',
  '5e-324',
  '9007199254740993',
  '-9007199254740993',
  '123456789012345678901234567890',
  '90.0000000000001',
  '-90.0000000000001',
  '180.0000000001',
  '100.00001',
  '-0.0000001',
  '-0',
  '0.1e1',
  '1E2',
];
/** Strings that name things almost right: unknown types, versions, counters, codes, prototype names. */
const HOSTILE_ATTRIBUTE_TEXTS = [
  'shipment.teleported',
  'SHIPMENT.CREATED',
  'shipment.created ',
  'shipment.created\u0000',
  'shipment.*',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '1.0 ',
  '0.3',
  '1',
  'urn:waybill:shipment:0',
  'urn:waybill:shipment:3',
  'urn:waybill:shipment:99999999999999999999999',
  'urn:waybill:shipment:-1',
  'URN:WAYBILL:SHIPMENT:2',
  'urn:waybill:shipment:2 ',
  'urn:waybill:shipment:',
  '-1',
  '1.5',
  '1e3',
  '0x10',
  '0000000000000000001',
  '9999999999999999',
  '999999999999999',
  ' 1',
  'DAMAGED ',
  'damaged',
  'other',
  '00-00000000000000000000000000000000-0000000000000000-00',
].map((text) => JSON.stringify(text));
const INVALID_TIME_TEXTS = [
  '2026-02-30T12:00:00Z',
  '2025-02-29T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-00-10T00:00:00Z',
  '2026-04-31T00:00:00Z',
  '2026-03-01T24:00:00Z',
  '2026-03-01T23:60:00Z',
  '2026-03-01T23:59:60Z',
  '2026-03-01T12:00:00',
  '2026-03-01',
  '2026-03-01T12:00:00.Z',
  '2026-03-01T12:00:00+24:00',
  '2026-03-01T12:00:00+05:60',
  '2026-03-01T12:00:00+0530',
  '2026-03-01T12:00:00 Z',
  '2026-3-1T12:00:00Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '1969-12-31T23:59:59Z',
  '+002026-03-01T12:00:00Z',
  '2026-03-01T12:00:00.1234567890123456789Z',
  'now',
  '',
  '1772366400000',
  '\u0662\u0660\u0662\u0666-03-01T12:00:00Z',
  '\uff12\uff10\uff12\uff16-03-01T12:00:00Z',
  '2026-03-01T12:00:00Z\u0000',
  '2026-03-01T12:00:00Z\n',
].map((text) => JSON.stringify(text));
/** Keys that have broken JavaScript servers before (prototype pollution) or that shadow the envelope. */
const HOSTILE_KEYS = [
  ...['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'],
  ...['', ' ', 'specversion', 'data', 'type', 'time', 'ce_specversion', '\u0000', '\ud800', 'k'.repeat(2_000)],
];
/** Characters that trouble encoders, terminals and logs: controls, separators, BOMs, non-characters, RTL override, astral and composed. */
const SPECIAL_CHARACTERS = [
  ...['\u0000', '\u001f', '\u007f', '\u0085', '\u2028', '\u2029', '\ufeff', '\ufffe', '\uffff', '\u200b', '\u202e', '\r', '\n', '"', '\\'],
  ...['\u{1d54f}', '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}', 'e\u0301'],
];
/** Names an object already has: as breakdown keys they must count like any other name. */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'other'];
/** The fields (of either data version) whose values name a breakdown's entries. */
const DIMENSION_KEYS: ReadonlySet<string> = new Set(['carrier', 'code', 'region', 'hub']);
const POLLUTING_OBJECT_TEXTS = ['{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', '{"__proto__":null}'];

const loneSurrogateArb = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const unicodeStringArb = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: loneSurrogateArb },
    { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_CHARACTERS) },
  ),
  maxLength: 300,
});
const controlCharactersArb = fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 20 });
/** Long strings around the event size limit, whatever it is today: a few KiB to a few times 64 KiB in UTF-8. */
const hugeStringArb = fc
  .tuple(fc.integer({ min: 1_000, max: 100_000 }), fc.constantFrom('x', '\u00e9', '\u{1f600}', '\u0000', '\ud800', '\u2028'))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));
/**
 * Names for carriers, facilities and regions: prototype names, any unicode, huge, and
 * names that JSON escapes six times over (control characters), the most a name of a
 * given length can weigh in a summary.
 */
const dimensionNameArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) },
  { weight: 3, arbitrary: unicodeStringArb.filter((name) => name !== '') },
  { weight: 3, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 100 }) },
  { weight: 1, arbitrary: hugeStringArb },
);
const randomTimeLikeArb = fc.stringMatching(/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/);

/** Times that are valid but not now: late, ancient, or beyond any sensible clock skew. */
const farTimeArb: fc.Arbitrary<JsonNode> = fc
  .tuple(fc.constantFrom(-365 * 86_400_000, -86_400_000, -3_600_000, 600_000, 86_400_000, 365 * 86_400_000, 8_000 * 365 * 86_400_000), timeStyleArb)
  .map(([offsetMs, style]) => ({ kind: 'time', offsetMs, style }));

const hostileValueArb: fc.Arbitrary<JsonNode> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WRONG_TYPE_TEXTS).map(raw) },
  { weight: 3, arbitrary: fc.constantFrom(...OUT_OF_RANGE_NUMBER_TEXTS).map(raw) },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => raw(String(n))) },
  { weight: 1, arbitrary: fc.stringMatching(/^-?[1-9]\d{15,40}$/).map(raw) },
  { weight: 5, arbitrary: unicodeStringArb.map(json) },
  { weight: 2, arbitrary: controlCharactersArb.map(json) },
  // Unescaped control characters inside a string: not JSON at all.
  { weight: 1, arbitrary: controlCharactersArb.map((text) => raw(`"${text}"`)) },
  { weight: 1, arbitrary: hugeStringArb.map(json) },
  { weight: 4, arbitrary: fc.constantFrom(...INVALID_TIME_TEXTS).map(raw) },
  { weight: 2, arbitrary: randomTimeLikeArb.map(json) },
  { weight: 2, arbitrary: farTimeArb },
  { weight: 5, arbitrary: fc.constantFrom(...HOSTILE_ATTRIBUTE_TEXTS).map(raw) },
  { weight: 2, arbitrary: fc.constantFrom(...POLLUTING_OBJECT_TEXTS).map(raw) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => raw(JSON.stringify(value) ?? 'null')) },
);
const hostileKeyArb = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...HOSTILE_KEYS) }, { weight: 1, arbitrary: unicodeStringArb });
/** Shallow, or deep enough to trouble a recursive walk (JSON.parse takes it; JSON.stringify does not). */
const depthArb = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 500, max: 40_000 }));

type Mutation =
  | { op: 'remove'; at: number }
  | { op: 'replace'; at: number; value: JsonNode }
  | { op: 'duplicateKey'; at: number; value: JsonNode }
  | { op: 'addField'; at: number; key: string; value: JsonNode }
  | { op: 'nest'; at: number; depth: number; bracket: 'array' | 'object' }
  /** Another data version over the same data: older, newer, or beyond a safe integer. */
  | { op: 'dataschema'; version: string }
  /** A strange but valid name for a carrier, facility or region: these become keys of the summary's breakdowns. */
  | { op: 'dimensionName'; at: number; name: string };

const positionArb = fc.nat({ max: 1_000 });
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: positionArb.map((at): Mutation => ({ op: 'remove', at })) },
  { weight: 8, arbitrary: fc.record({ at: positionArb, value: hostileValueArb }).map((m): Mutation => ({ op: 'replace', ...m })) },
  { weight: 2, arbitrary: fc.record({ at: positionArb, value: hostileValueArb }).map((m): Mutation => ({ op: 'duplicateKey', ...m })) },
  { weight: 3, arbitrary: fc.record({ at: positionArb, key: hostileKeyArb, value: hostileValueArb }).map((m): Mutation => ({ op: 'addField', ...m })) },
  {
    weight: 2,
    arbitrary: fc
      .record({ at: positionArb, name: dimensionNameArb })
      .map((m): Mutation => ({ op: 'dimensionName', ...m })),
  },
  { weight: 2, arbitrary: fc.constantFrom('0', '1', '2', '3', '7', '99999999999999999999').map((version): Mutation => ({ op: 'dataschema', version })) },
  {
    weight: 1,
    arbitrary: fc.record({ at: positionArb, depth: depthArb, bracket: fc.constantFrom<'array' | 'object'>('array', 'object') }).map((m): Mutation => ({ op: 'nest', ...m })),
  },
);

/** Every object of the tree (the envelope, data, facility, geo…), outermost first. */
function objectsOf(node: JsonNode, into: Extract<JsonNode, { kind: 'object' }>[] = []): Extract<JsonNode, { kind: 'object' }>[] {
  if (node.kind === 'object') {
    into.push(node);
    for (const [, value] of node.entries) objectsOf(value, into);
  }
  return into;
}

/** Applies a mutation in place; `at` picks a field (or an object) modulo how many there are now. */
function mutate(root: JsonNode, mutation: Mutation): JsonNode {
  const objects = objectsOf(root);
  if (objects.length === 0) return root;
  if (mutation.op === 'dataschema') {
    const envelope = objects[0]!;
    envelope.entries = envelope.entries.filter(([key]) => key !== 'dataschema');
    envelope.entries.push(['dataschema', json(`urn:waybill:shipment:${mutation.version}`)]);
    return root;
  }
  if (mutation.op === 'dimensionName') {
    const named = objects.flatMap((object) => object.entries.filter(([key]) => DIMENSION_KEYS.has(key)));
    if (named.length > 0) named[mutation.at % named.length]![1] = json(mutation.name);
    return root;
  }
  if (mutation.op === 'addField') {
    objects[mutation.at % objects.length]!.entries.push([mutation.key, mutation.value]);
    return root;
  }
  const fields = objects.flatMap((object) => object.entries.map((_, index) => ({ object, index })));
  if (fields.length === 0) return root;
  const { object, index } = fields[mutation.at % fields.length]!;
  const entry = object.entries[index]!;
  switch (mutation.op) {
    case 'remove':
      object.entries.splice(index, 1);
      break;
    case 'replace':
      entry[1] = mutation.value;
      break;
    case 'duplicateKey':
      // JSON.parse keeps the last of duplicate keys; some parsers keep the first.
      object.entries.push([entry[0], mutation.value]);
      break;
    case 'nest':
      entry[1] = { kind: 'nested', depth: mutation.depth, bracket: mutation.bracket, inner: entry[1] };
      break;
  }
  return root;
}

const mutatedEventArb: fc.Arbitrary<Item> = fc
  .tuple(validEventArb, fc.array(mutationArb, { minLength: 1, maxLength: 4 }))
  .map(([node, mutations]) => ({ kind: 'event', node: mutations.reduce(mutate, node), pristine: false }));

// ---------------------------------------------------------------------------------------
// Garbage: not JSON, not an object, not UTF-8, or an event damaged after it was written.

const NOT_JSON_TEXTS = [
  '{',
  '}',
  '[',
  'nul',
  'NaN',
  'Infinity',
  '-Infinity',
  'undefined',
  '{"a":1}{"b":2}',
  "{'single':'quotes'}",
  '{"a":1,}',
  '{a:1}',
  '\ufeff',
  '\ufeff{}',
  '0x10',
  '1_000',
  '"unterminated',
  '// a comment',
  '/* a comment */ {}',
  '<?xml version="1.0"?><event/>',
  '\u0000',
  '\u0000{}',
  '{"specversion":"1.0"',
  '{"data":{"carrier":"DHL"}}}',
  ' ',
  '\t',
];
/** Byte sequences that are not UTF-8: continuation alone, overlong, surrogate, beyond U+10FFFF, stray BOMs, cut short. */
const INVALID_UTF8_SEQUENCES: readonly (readonly number[])[] = [
  [0x80],
  [0xc0, 0xaf],
  [0xc3],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xff],
  [0xfe, 0xff],
  [0xe2, 0x82],
];

const damageArb: fc.Arbitrary<Damage> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }).map((fraction): Damage => ({ how: 'truncate', fraction })),
  fc
    .record({ fraction: fc.double({ min: 0, max: 1, noNaN: true }), sequence: fc.constantFrom(...INVALID_UTF8_SEQUENCES) })
    .map((d): Damage => ({ how: 'invalidUtf8', ...d })),
  fc.constantFrom<Damage>(
    { how: 'utf8Bom' },
    { how: 'utf16' },
    { how: 'utf16WithBom' },
    { how: 'twoObjects' },
    { how: 'trailingComma' },
    { how: 'wrappedInArray' },
  ),
);

const garbageArb: fc.Arbitrary<Item> = fc.oneof(
  { weight: 4, arbitrary: unicodeStringArb.map((text): Item => ({ kind: 'text', text })) },
  { weight: 4, arbitrary: fc.constantFrom(...NOT_JSON_TEXTS).map((text): Item => ({ kind: 'text', text })) },
  {
    weight: 3,
    arbitrary: fc
      .jsonValue({ maxDepth: 4 })
      .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value))
      .map((value): Item => ({ kind: 'text', text: JSON.stringify(value) ?? 'null' })),
  },
  { weight: 3, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 400 }).map((bytes): Item => ({ kind: 'bytes', bytes })) },
  { weight: 5, arbitrary: fc.record({ node: validEventArb, damage: damageArb }).map(({ node, damage: how }): Item => ({ kind: 'damaged', node, damage: how })) },
);

const itemArb: fc.Arbitrary<Item> = fc.oneof(
  { weight: 35, arbitrary: validEventArb.map((node): Item => ({ kind: 'event', node, pristine: true })) },
  { weight: 45, arbitrary: mutatedEventArb },
  { weight: 20, arbitrary: garbageArb },
);

// ---------------------------------------------------------------------------------------
// Requests.

type Body = string | Uint8Array;

/** A request as sent, with the pristine (unmutated, valid) events it carries: those must be accepted. */
interface RenderedRequest {
  contentType: string;
  body: Body;
  /** Indexes of pristine events among the items, when the item order is known (single, batch). */
  pristineIndexes: number[] | null;
  /** How many pristine events a body carries whatever the item order (NDJSON). */
  pristineCount: number;
}

interface RequestPlan {
  shape: 'single' | 'batch' | 'ndjson' | 'probe';
  render: (now: number) => RenderedRequest;
}

function concatenate(parts: Body[]): Body {
  if (parts.every((part) => typeof part === 'string')) return parts.join('');
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)));
}

const singleRequestArb: fc.Arbitrary<RequestPlan> = fc
  .record({
    item: itemArb,
    contentType: fc.constantFrom(CLOUDEVENTS_CONTENT_TYPE, `${CLOUDEVENTS_CONTENT_TYPE}; charset=utf-8`, 'Application/CloudEvents+JSON', 'application/json'),
  })
  .map(({ item, contentType }) => ({
    shape: 'single',
    render: (now) => ({
      contentType,
      body: renderItem(item, now),
      pristineIndexes: item.kind === 'event' && item.pristine ? [0] : [],
      pristineCount: item.kind === 'event' && item.pristine ? 1 : 0,
    }),
  }));

const batchRequestArb: fc.Arbitrary<RequestPlan> = fc
  .record({
    items: fc.array(itemArb, { minLength: 180, maxLength: 260 }),
    separator: fc.constantFrom(',', ', ', ',\n', '\t,\r\n '),
    contentType: fc.constantFrom(CLOUDEVENTS_BATCH_CONTENT_TYPE, `${CLOUDEVENTS_BATCH_CONTENT_TYPE}; charset=utf-8`),
  })
  .map(({ items, separator, contentType }) => ({
    shape: 'batch',
    render: (now) => ({
      contentType,
      body: `[${items.map((item) => asBatchElement(renderItem(item, now))).join(separator)}]`,
      pristineIndexes: items.flatMap((item, index) => (item.kind === 'event' && item.pristine ? [index] : [])),
      pristineCount: items.filter((item) => item.kind === 'event' && item.pristine).length,
    }),
  }));

/** Lines that carry no item: empty, blanks, a lone carriage return. */
const blankLineArb = fc.constantFrom('', ' ', '\t', '  \t ', '\r');

const ndjsonRequestArb: fc.Arbitrary<RequestPlan> = fc
  .record({
    lines: fc.array(fc.oneof({ weight: 12, arbitrary: itemArb }, { weight: 1, arbitrary: blankLineArb }), { minLength: 180, maxLength: 260 }),
    newline: fc.constantFrom('\n', '\r\n'),
    trailingNewline: fc.boolean(),
    contentType: fc.constantFrom(NDJSON_CONTENT_TYPE, `${NDJSON_CONTENT_TYPE}; charset=utf-8`, 'application/ndjson'),
  })
  .map(({ lines, newline, trailingNewline, contentType }) => ({
    shape: 'ndjson',
    render: (now) => {
      const parts: Body[] = [];
      lines.forEach((line, index) => {
        if (index > 0) parts.push(newline);
        parts.push(typeof line === 'string' ? line : renderItem(line, now));
      });
      if (trailingNewline) parts.push(newline);
      return {
        contentType,
        body: concatenate(parts),
        // A garbage line may hold newlines of its own, so item indexes are the server's to count.
        pristineIndexes: null,
        pristineCount: lines.filter((line) => typeof line !== 'string' && line.kind === 'event' && line.pristine).length,
      };
    },
  }));

/**
 * A producer inventing names: every event valid but for its carrier, facility and region,
 * fresh names of control characters (six bytes each in JSON), long or short. Those the
 * contract takes are the heaviest names a summary's breakdowns can be made to show.
 */
const nameFloodRequestArb: fc.Arbitrary<RequestPlan> = fc
  .array(fc.tuple(validEventArb, fc.array(fc.nat({ max: 100 }), { minLength: 3, maxLength: 3 })), { minLength: 150, maxLength: 150 })
  .map((events): RequestPlan => {
    const nodes = events.map(([node, lengths], index) =>
      // Led by the control characters: among names counted alike, the first in order are shown.
      lengths.reduce((named, length, at) => mutate(named, { op: 'dimensionName', at, name: `${'\u0000'.repeat(length)}${at}-${index}` }), node),
    );
    return {
      shape: 'ndjson',
      render: (now) => ({ contentType: NDJSON_CONTENT_TYPE, body: nodes.map((node) => renderNode(node, now)).join('\n'), pristineIndexes: null, pristineCount: 0 }),
    };
  });

const UNSUPPORTED_CONTENT_TYPES = [
  ...['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', '', '*/*'],
  ...['application/cloudevents', 'application/cloudevents-batch+json-x'],
];
const UNREADABLE_BATCHES = ['{}', 'null', '"[]"', '[1,2', '[{"a":1}]]', '\ufeff[]', '[]garbage', 'NaN', '[,]', '[1,]', '{"0":{}}', ' ', '[\u0000]'];

/** Bodies that might be refused whole: wrong media type, empty, an unreadable batch, a batch item nested too deep. */
const refusalProbeArb: fc.Arbitrary<RequestPlan> = fc.oneof(
  fc.record({ contentType: fc.constantFrom(...UNSUPPORTED_CONTENT_TYPES), item: itemArb }).map(({ contentType, item }): RequestPlan => ({
    shape: 'probe',
    render: (now) => ({ contentType, body: renderItem(item, now), pristineIndexes: null, pristineCount: 0 }),
  })),
  fc.constantFrom(CLOUDEVENTS_CONTENT_TYPE, CLOUDEVENTS_BATCH_CONTENT_TYPE, NDJSON_CONTENT_TYPE).map((contentType): RequestPlan => ({
    shape: 'probe',
    render: () => ({ contentType, body: '', pristineIndexes: null, pristineCount: 0 }),
  })),
  fc.constantFrom(...UNREADABLE_BATCHES).map((body): RequestPlan => ({
    shape: 'probe',
    render: () => ({ contentType: CLOUDEVENTS_BATCH_CONTENT_TYPE, body, pristineIndexes: null, pristineCount: 0 }),
  })),
  fc.record({ depth: fc.integer({ min: 5_000, max: 30_000 }), neighbours: fc.array(validEventArb, { maxLength: 5 }) }).map(({ depth, neighbours }): RequestPlan => ({
    shape: 'probe',
    render: (now) => ({
      contentType: CLOUDEVENTS_BATCH_CONTENT_TYPE,
      body: `[${[...neighbours.map((node) => renderNode(node, now)), `${'['.repeat(depth)}${']'.repeat(depth)}`].join(',')}]`,
      pristineIndexes: null,
      pristineCount: 0,
    }),
  })),
);

/** One body far past any sensible request limit (16 MiB), sent once: 413 today, or counted if ever taken. */
const oversizedProbe: RequestPlan = {
  shape: 'probe',
  render: () => ({ contentType: NDJSON_CONTENT_TYPE, body: JSON.stringify('x'.repeat(16 * 1024 * 1024)), pristineIndexes: null, pristineCount: 0 }),
};

/** Interleaves the kinds of requests evenly, in an order fixed by the lists alone. */
function interleave(...lists: RequestPlan[][]): RequestPlan[] {
  return lists
    .flatMap((list) => list.map((plan, index) => ({ plan, position: (index + 0.5) / list.length })))
    .sort((a, b) => a.position - b.position)
    .map(({ plan }) => plan);
}

function fuzzPlan(seed: number): RequestPlan[] {
  return interleave(
    fc.sample(batchRequestArb, { seed, numRuns: 55 }),
    fc.sample(ndjsonRequestArb, { seed: seed + 1, numRuns: 55 }),
    fc.sample(singleRequestArb, { seed: seed + 2, numRuns: 400 }),
    [...fc.sample(refusalProbeArb, { seed: seed + 3, numRuns: 24 }), oversizedProbe],
    fc.sample(nameFloodRequestArb, { seed: seed + 4, numRuns: 4 }),
  );
}

// ---------------------------------------------------------------------------------------
// Sending, and what the answers told.

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** postEvents takes text; a body of raw bytes (invalid UTF-8, UTF-16) goes out as they are. */
async function postBytes(url: string, contentType: string, body: Uint8Array): Promise<Answer> {
  // Copied into a plain ArrayBuffer: what fetch's body type takes.
  const response = await fetch(`${url}/api/events`, { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Tally {
  requests: number;
  accepted: number;
  rejected: number;
  reasons: Map<string, number>;
  refused: { status: number; code: unknown; shape: RequestPlan['shape'] }[];
  retriedForLoad: number;
  serverErrors: string[];
  /** Answers that break the 202 contract, refusals without a clear error body, anything unexpected. */
  brokenAnswers: string[];
  /** Pristine events the server rejected, with the reason it gave. */
  pristineRejected: string[];
}

const REFUSAL_STATUSES = new Set([400, 413, 415]);
const DEAD_LETTER_REASON_SET: ReadonlySet<string> = new Set(DEAD_LETTER_REASONS);

function preview(body: Body): string {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('latin1');
  return JSON.stringify(text.length > 160 ? `${text.slice(0, 160)}…(${text.length} chars)` : text);
}

function hasClearError(body: Record<string, unknown>): boolean {
  const error = body.error as { code?: unknown; message?: unknown } | undefined;
  return typeof error === 'object' && error !== null && typeof error.code === 'string' && error.code !== '' && typeof error.message === 'string' && error.message !== '';
}

/** Reads a 202 answer into the tally, checking it is the shape section 5 promises. */
function tallyAccepted(tally: Tally, request: RenderedRequest, answer: Answer, label: string): void {
  const { accepted, rejected, errors } = answer.body as { accepted: unknown; rejected: unknown; errors: unknown };
  if (!Number.isSafeInteger(accepted) || !Number.isSafeInteger(rejected) || !Array.isArray(errors) || (accepted as number) < 0 || errors.length !== rejected) {
    tally.brokenAnswers.push(`${label}: 202 not { accepted, rejected, errors[rejected] }: ${JSON.stringify(answer.body).slice(0, 300)}`);
    return;
  }
  const items = (accepted as number) + (rejected as number);
  tally.accepted += accepted as number;
  tally.rejected += rejected as number;
  let previousIndex = -1;
  const rejectedIndexes = new Map<number, string>();
  for (const error of errors as { index?: unknown; reason?: unknown }[]) {
    const { index, reason } = error;
    if (!Number.isSafeInteger(index) || (index as number) <= previousIndex || (index as number) >= items || typeof reason !== 'string' || !DEAD_LETTER_REASON_SET.has(reason)) {
      tally.brokenAnswers.push(`${label}: error entry out of order, out of range or with an unknown reason: ${JSON.stringify(error).slice(0, 300)}`);
    }
    previousIndex = index as number;
    if (typeof reason === 'string') tally.reasons.set(reason, (tally.reasons.get(reason) ?? 0) + 1);
    rejectedIndexes.set(index as number, `${String(reason)}: ${String((error as { error?: unknown }).error).slice(0, 200)}`);
  }
  if (request.pristineIndexes) {
    for (const index of request.pristineIndexes) {
      const why = rejectedIndexes.get(index);
      if (why !== undefined) tally.pristineRejected.push(`${label} item ${index}: ${why}`);
    }
  }
  if ((accepted as number) < request.pristineCount) {
    tally.pristineRejected.push(`${label}: ${request.pristineCount} valid events sent, only ${String(accepted)} accepted`);
  }
}

async function sendPlan(url: string, plan: RequestPlan, label: string, tally: Tally): Promise<void> {
  for (let attempt = 1; attempt <= MAX_SENDS_PER_REQUEST; attempt += 1) {
    // Rendered at each send, so events carry the time they are sent at, not planned at.
    const request = plan.render(Date.now());
    let answer: Answer;
    try {
      const sending =
        typeof request.body === 'string' ? postEvents(url, request.contentType, request.body) : postBytes(url, request.contentType, request.body);
      answer = await withTimeout(sending, REQUEST_TIMEOUT_MS, label);
    } catch (error) {
      tally.brokenAnswers.push(`${label} (${request.contentType}, body ${preview(request.body)}): ${(error as Error).message}`);
      return;
    }
    tally.requests += 1;
    const { status } = answer;
    if (status === 202) return tallyAccepted(tally, request, answer, label);
    // 503 for back pressure included: one producer sending one request at a time must never meet it.
    if (status >= 500) {
      tally.serverErrors.push(`${label}: ${status} ${JSON.stringify(answer.body).slice(0, 300)} for ${request.contentType} body ${preview(request.body)}`);
      return;
    }
    if (status === 429 && attempt < MAX_SENDS_PER_REQUEST) {
      // Refused for load before its body was read: nothing written, so it is sent again.
      tally.retriedForLoad += 1;
      await sleep(1_000);
      continue;
    }
    if (!REFUSAL_STATUSES.has(status) && status !== 429) {
      tally.brokenAnswers.push(`${label}: unexpected ${status} ${JSON.stringify(answer.body).slice(0, 300)} for ${request.contentType}`);
      return;
    }
    // Refused whole: nothing of it counts, but the refusal has to say why.
    tally.refused.push({ status, code: (answer.body.error as { code?: unknown } | undefined)?.code, shape: plan.shape });
    if (!hasClearError(answer.body)) tally.brokenAnswers.push(`${label}: ${status} without { error: { code, message } }: ${JSON.stringify(answer.body).slice(0, 300)}`);
    return;
  }
}

async function getJson<T>(url: string): Promise<{ status: number; body: T; bytes: number }> {
  const response = await withTimeout(fetch(url), REQUEST_TIMEOUT_MS, url);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as T, bytes: Buffer.byteLength(text) };
}

async function summaryOf(url: string) {
  const answer = await getJson<Summary>(`${url}/api/summary?${WHOLE_TIME_RANGE}`);
  expect(answer.status).toBe(200);
  return answer;
}

/**
 * Polls `read` until `reached` holds and the value held still between two reads, or it
 * held still for `quietMs` without reaching it (the fold is done, the figure is what it
 * is), or the budget is spent. The pipeline folds asynchronously, so an immediate read
 * would see part of what was sent.
 */
async function settled<T>(read: () => Promise<T>, key: (value: T) => string, reached: (value: T) => boolean, budgetMs: number, quietMs = 5_000): Promise<T> {
  const deadline = Date.now() + budgetMs;
  let value = await read();
  let lastChangeAt = Date.now();
  const maxPolls = Math.ceil(budgetMs / 200);
  for (let poll = 0; poll < maxPolls && Date.now() < deadline; poll += 1) {
    await sleep(200);
    const next = await read();
    const moved = key(next) !== key(value);
    value = next;
    if (moved) lastChangeAt = Date.now();
    else if (reached(value) || Date.now() - lastChangeAt >= quietMs) break;
  }
  return value;
}

interface DeadLetterItem {
  ref?: unknown;
  reason?: unknown;
}

/** Every dead letter, newest first, page by page; bounded by the count the first page gives. */
async function allDeadLetters(url: string): Promise<{ items: DeadLetterItem[]; problems: string[]; pages: number; slowestPageMs: number }> {
  const items: DeadLetterItem[] = [];
  const problems: string[] = [];
  let pages = 0;
  let slowestPageMs = 0;
  let cursor: string | null = null;
  let maxPages = 2;
  for (let page = 0; page < maxPages; page += 1) {
    const query: string = `limit=${DLQ_PAGE_SIZE}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
    const pageStartedAt = Date.now();
    const answer = await getJson<{ items?: DeadLetterItem[]; total?: number; nextCursor?: string | null }>(`${url}/api/dlq?${query}`);
    pages += 1;
    slowestPageMs = Math.max(slowestPageMs, Date.now() - pageStartedAt);
    if (answer.status !== 200 || !Array.isArray(answer.body.items)) {
      problems.push(`GET /api/dlq?${query}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      break;
    }
    if (page === 0) maxPages = Math.ceil((answer.body.total ?? 0) / DLQ_PAGE_SIZE) + 2;
    items.push(...answer.body.items);
    cursor = answer.body.nextCursor ?? null;
    if (cursor === null) break;
  }
  if (cursor !== null) problems.push(`GET /api/dlq still had a next page after ${maxPages} pages`);
  return { items, problems, pages, slowestPageMs };
}

/** Counted in a Map: a plain object would swallow a name such as `__proto__`. */
function countBy<T>(values: readonly T[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
  return Object.fromEntries(counts);
}

const sumOf = (counts: Record<string, number>) => Object.values(counts).reduce((total, count) => total + count, 0);
const thousands = (n: number) => n.toLocaleString('en-US');

describe('POST /api/events under fuzzed hostile input', () => {
  let server: RunningServer;
  let startedAt: number;

  beforeAll(async () => {
    startedAt = Date.now();
    server = await startServer({ timeoutMs: 90_000 });
    await waitUntilLive(server.url);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it(
    'never crashes nor answers 5xx, and counts and dead-letters exactly what it answered for',
    async () => {
      const testStartedAt = Date.now();
      const plan = fuzzPlan(SEED);
      const planMadeAt = Date.now();
      const before = (await summaryOf(server.url)).body;
      const deadLettersBefore = await getJson<{ total: number }>(`${server.url}/api/dlq?limit=1`);
      // Our own fresh DATA_DIR: the dead-letter listing starts empty, so it can be compared whole.
      expect(deadLettersBefore.body.total).toBe(0);

      const tally: Tally = {
        requests: 0,
        accepted: 0,
        rejected: 0,
        reasons: new Map(),
        refused: [],
        retriedForLoad: 0,
        serverErrors: [],
        brokenAnswers: [],
        pristineRejected: [],
      };
      const sendDeadline = Date.now() + SEND_BUDGET_MS;
      let sentPlans = 0;
      for (const [index, request] of plan.entries()) {
        if (Date.now() > sendDeadline || server.process.exitCode !== null) break;
        await sendPlan(server.url, request, `request ${index} (${request.shape})`, tally);
        sentPlans += 1;
      }

      const sentAt = Date.now();
      const inputs = tally.accepted + tally.rejected;
      const expectedInputs = before.inputs + inputs;
      const expectedDeadLetters = before.deadLetters.total + tally.rejected;
      const after = await settled(
        () => summaryOf(server.url),
        ({ body }) => `${body.inputs}/${body.deadLetters.total}`,
        ({ body }) => body.inputs >= expectedInputs && body.deadLetters.total >= expectedDeadLetters,
        SETTLE_BUDGET_MS,
      );
      const foldedAt = Date.now();
      // Dead letters are recorded beside the fold, a batch later: wait for their listing too.
      await settled(
        () => getJson<{ total: number }>(`${server.url}/api/dlq?limit=1`),
        ({ body }) => String(body.total),
        ({ body }) => body.total >= tally.rejected,
        SETTLE_BUDGET_MS,
      );
      const deadLettersRecordedAt = Date.now();
      const deadLetters = await allDeadLetters(server.url);
      const listedAt = Date.now();
      const health = await getJson<unknown>(`${server.url}/api/health`).catch((error: Error) => ({ status: 0, body: error.message, bytes: 0 }));
      const summary = after.body;
      const seconds = (from: number, to: number) => `${((to - from) / 1_000).toFixed(1)} s`;
      const phases =
        `server start ${seconds(startedAt, testStartedAt)}, plan ${seconds(testStartedAt, planMadeAt)}, send ${seconds(planMadeAt, sentAt)}, ` +
        `fold ${seconds(sentAt, foldedAt)}, dead letters recorded ${seconds(foldedAt, deadLettersRecordedAt)}, ` +
        `listed ${seconds(deadLettersRecordedAt, listedAt)} (${deadLetters.pages} pages, slowest ${deadLetters.slowestPageMs} ms)`;
      const elapsedSeconds = Math.round((Date.now() - startedAt) / 1_000);

      console.log(
        `fuzz: ${thousands(inputs)} inputs in ${thousands(tally.requests)} requests (${thousands(tally.accepted)} accepted, ` +
          `${thousands(tally.rejected)} rejected, ${thousands(tally.refused.length)} bodies refused), ${tally.serverErrors.length} 5xx, ` +
          `summary ${(after.bytes / 1024).toFixed(1)} KiB, ${elapsedSeconds} s, seed ${SEED}`,
      );
      console.log(
        `fuzz detail: ${phases}; ${sentPlans}/${plan.length} planned requests sent, ${tally.retriedForLoad} resent after 429, ` +
          `refusals ${JSON.stringify(countBy(tally.refused.map(({ status, code, shape }) => `${status} ${String(code)} (${shape})`)))}, ` +
          `reasons ${JSON.stringify(Object.fromEntries(tally.reasons))}`,
      );
      // The server's own account of what went wrong, for whoever reads a failure.
      const loggedErrors = server.output().split('\n').filter((line) => /"level":"(error|fatal)"|unhandled|uncaught/i.test(line));
      if (loggedErrors.length > 0) console.log(`fuzz: the server logged ${loggedErrors.length} errors, the first:\n${loggedErrors.slice(0, 5).join('\n').slice(0, 3_000)}`);

      // No crash, no 5xx: the process runs and answers its health check.
      expect.soft(server.process.exitCode, 'the server process exited').toBeNull();
      expect.soft(server.process.signalCode, 'the server process was killed').toBeNull();
      expect.soft(health.status, 'GET /api/health').toBe(200);
      expect.soft(tally.serverErrors, '5xx answers').toEqual([]);
      expect.soft(tally.brokenAnswers, 'answers that break the contract').toEqual([]);
      expect.soft(tally.pristineRejected, 'valid events rejected').toEqual([]);
      expect.soft(inputs, 'items the server answered for').toBeGreaterThanOrEqual(MIN_INPUTS);

      // Counted once each: every item of every 202, rejected ones too, and nothing of a refused body.
      expect.soft(summary.inputs, 'inputs rise by accepted + rejected').toBe(expectedInputs);
      expect.soft(summary.deadLetters.total, 'deadLetters.total rises by rejected').toBe(expectedDeadLetters);
      const reasonsAdded: Record<string, number> = {};
      for (const [reason, count] of Object.entries(summary.deadLetters.byReason)) {
        const added = (count ?? 0) - (before.deadLetters.byReason[reason as keyof Summary['deadLetters']['byReason']] ?? 0);
        if (added !== 0) reasonsAdded[reason] = added;
      }
      expect.soft(reasonsAdded, 'deadLetters.byReason against the reasons the 202 answers gave').toEqual(Object.fromEntries(tally.reasons));
      // processing_error means the fold threw: a bug, whatever the input.
      expect.soft(summary.deadLetters.byReason.processing_error ?? 0, 'processing_error dead letters').toBe(0);

      // Breakdowns fold names into `other` but never lose a count.
      for (const breakdown of ['byType', 'byRegion', 'byCarrier', 'byFacility'] as const) {
        expect.soft(sumOf(summary[breakdown]), `${breakdown} adds up to events`).toBe(summary.events);
      }

      // The dead-letter listing: each rejected item once, with the reason it was given.
      expect.soft(deadLetters.problems, 'GET /api/dlq paging').toEqual([]);
      expect.soft(deadLetters.items.length, 'dead letters listed').toBe(tally.rejected);
      expect.soft(new Set(deadLetters.items.map((item) => item.ref)).size, 'dead letters listed once each').toBe(deadLetters.items.length);
      expect.soft(deadLetters.items.filter((item) => typeof item.reason !== 'string' || item.reason === '').length, 'dead letters without a reason').toBe(0);
      expect.soft(countBy(deadLetters.items.map((item) => item.reason)), 'dead-letter reasons listed against the 202 answers').toEqual(Object.fromEntries(tally.reasons));

      // Small whatever was sent.
      const largest = Object.entries(summary)
        .map(([field, value]) => `${field} ${JSON.stringify(value)?.length ?? 0}`)
        .sort((a, b) => Number(b.split(' ')[1]) - Number(a.split(' ')[1]))
        .slice(0, 3);
      expect.soft(after.bytes, `GET /api/summary bytes (largest fields: ${largest.join(', ')})`).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
    },
    TEST_TIMEOUT_MS,
  );
});
