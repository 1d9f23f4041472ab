import { AssignerProtocol } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { advertOf, encodeAdvert, stickyAssignment } from './groupAssigners';

const SIX = [0, 1, 2, 3, 4, 5];

function moved(before: Map<string, number[]>, after: Map<string, number[]>): number {
  let count = 0;
  for (const [member, partitions] of after) for (const partition of partitions) if (!(before.get(member) ?? []).includes(partition)) count += 1;
  return count;
}

describe('the sticky assignment', () => {
  it('balances the partitions over the members, each once', () => {
    for (let members = 1; members <= 7; members += 1) {
      const assignment = stickyAssignment(SIX, Array.from({ length: members }, (_, i) => ({ memberId: `m${i}`, held: [] })));
      const all = [...assignment.values()].flat().sort((a, b) => a - b);
      expect(all).toEqual(SIX);
      const sizes = [...assignment.values()].map((partitions) => partitions.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it('moves only what a newcomer needs, and only what a leaver held', () => {
    const three = stickyAssignment(SIX, ['a', 'b', 'c'].map((memberId) => ({ memberId, held: [] })));
    const held = (assignment: Map<string, number[]>, memberId: string) => ({ memberId, held: assignment.get(memberId) ?? [] });
    const four = stickyAssignment(SIX, [held(three, 'a'), held(three, 'b'), held(three, 'c'), { memberId: 'd', held: [] }]);
    expect(four.get('d')).toHaveLength(1);
    expect(moved(three, four)).toBe(1);
    const two = stickyAssignment(SIX, [held(four, 'a'), held(four, 'b')]);
    expect([...two.values()].flat().sort()).toEqual(SIX);
    // What a and b held stays with them.
    for (const member of ['a', 'b']) for (const partition of four.get(member)!) expect(two.get(member)).toContain(partition);
  });

  it('gives a partition two members claim to one of them, the same one whoever computes it', () => {
    const members = [
      { memberId: 'b', held: [0, 1, 2] },
      { memberId: 'a', held: [0, 1, 2] },
    ];
    const once = stickyAssignment(SIX, members);
    expect(stickyAssignment(SIX, [...members].reverse())).toEqual(once);
    expect([...once.values()].flat().sort()).toEqual(SIX);
  });
});

describe('member adverts', () => {
  it('travel in the member metadata, and a member without one reads as none', () => {
    const metadata = AssignerProtocol.MemberMetadata.encode({ version: 0, topics: ['t'], userData: encodeAdvert({ url: 'http://a:3000', held: [1, 4] }) });
    expect(advertOf(metadata)).toEqual({ url: 'http://a:3000', held: [1, 4] });
    expect(advertOf(AssignerProtocol.MemberMetadata.encode({ version: 0, topics: ['t'], userData: Buffer.alloc(0) }))).toBeNull();
    expect(advertOf(AssignerProtocol.MemberMetadata.encode({ version: 0, topics: ['t'], userData: Buffer.from('not json') }))).toBeNull();
  });
});
