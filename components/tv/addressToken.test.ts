import { describe, expect, it } from 'vitest';
import { addressTokenOf } from './addressToken';

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
