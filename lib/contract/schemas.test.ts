import { describe, expect, it } from 'vitest';
import { DATA_SCHEMA_V1, DATA_SCHEMA_V2 } from './eventTypes';
import { LABEL_FORMAT, LABEL_PATTERN, URI_REFERENCE_FORMAT } from './formats';
import { publishedContract } from './schemas';

describe('publishedContract', () => {
  it('states the label format as its pattern, which any JSON Schema validator reads, and source as a standard uri-reference', () => {
    const contract = publishedContract();
    const published = JSON.stringify(contract);
    expect(published).not.toContain(LABEL_FORMAT);
    const v2 = contract.data[DATA_SCHEMA_V2] as unknown as { properties: { carrier: Record<string, unknown>; facility: { properties: { region: Record<string, unknown> } } } };
    expect(v2.properties.carrier).toMatchObject({ pattern: LABEL_PATTERN, maxLength: 64 });
    expect(v2.properties.facility.properties.region).toMatchObject({ pattern: LABEL_PATTERN });
    expect(JSON.stringify(contract.data[DATA_SCHEMA_V1])).toContain(JSON.stringify(LABEL_PATTERN));
    expect(contract.envelope.properties.source).toMatchObject({ format: URI_REFERENCE_FORMAT, maxLength: 512 });
  });
});
