import { describe, expect, it } from 'vitest';
import { addressTokenOf, stateWithoutToken } from './addressToken';

describe('addressTokenOf', () => {
  it('takes the token out and keeps every other parameter', () => {
    expect(addressTokenOf('http://wall.example/tv?panels=throughput%7Clatency&token=s3cr%2Bt&region=uk#top')).toEqual({
      token: 's3cr+t',
      addressWithout: '/tv?panels=throughput%7Clatency&region=uk#top',
    });
  });

  it('leaves an address without a token alone', () => {
    expect(addressTokenOf('http://wall.example/tv?region=uk')).toBeNull();
  });

  it('removes an empty token too', () => {
    expect(addressTokenOf('http://wall.example/tv?token=')).toEqual({ token: '', addressWithout: '/tv' });
  });
});

describe('stateWithoutToken', () => {
  it("takes the token out of every query string in a router's history state, keeping the rest", () => {
    const state = {
      __NA: true,
      tree: { tree: ['', { children: ['tv', { children: ['__PAGE__?panels=a%2Cb&token=s3cr3t&region=uk', {}] }] }], renderedSearch: '?token=s3cr3t' },
      other: 42,
    };
    expect(stateWithoutToken(state)).toEqual({
      __NA: true,
      tree: { tree: ['', { children: ['tv', { children: ['__PAGE__?panels=a%2Cb&region=uk', {}] }] }], renderedSearch: '' },
      other: 42,
    });
    expect(stateWithoutToken(null)).toBeNull();
  });
});
