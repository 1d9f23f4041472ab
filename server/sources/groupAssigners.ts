import { AssignerProtocol, PartitionAssigners, type Assigner, type GroupMember, type PartitionAssigner } from 'kafkajs';

/*
 * What each member tells the group when it joins (its member metadata's user data): where
 * other instances reach it (WAYBILL_ADVERTISED_URL), as Kafka Streams' interactive queries
 * use `application.server`, and which partitions it holds now. The group leader's
 * assignment keeps partitions where they are as far as a balanced share allows: a
 * partition that moves is replayed by its new owner, one that stays is not.
 */

export interface MemberAdvert {
  url: string | null;
  /** The partitions of the topic this member holds when it joins. */
  held: number[];
}

export const STICKY_ASSIGNER = 'WaybillStickyAssigner';

export function encodeAdvert(advert: MemberAdvert): Buffer {
  return Buffer.from(JSON.stringify(advert));
}

/** A member's advert from its metadata, or null for a member that sends none (another client, an older version). */
export function advertOf(memberMetadata: Buffer): MemberAdvert | null {
  try {
    const userData = AssignerProtocol.MemberMetadata.decode(memberMetadata)?.userData;
    if (!userData || userData.length === 0) return null;
    const value = JSON.parse(userData.toString('utf8')) as Partial<MemberAdvert>;
    const url = typeof value.url === 'string' ? value.url : null;
    const held = Array.isArray(value.held) ? value.held.filter((partition): partition is number => Number.isInteger(partition)) : [];
    return { url, held };
  } catch {
    return null;
  }
}

/**
 * A balanced assignment of `partitions` over `members` that moves as few as it can: each
 * member keeps what it holds up to its share (floor or ceiling of partitions / members,
 * the larger shares to members in id order), and the rest go to members with room, in id
 * order. Pure, so every leader computes the same from the same adverts.
 */
export function stickyAssignment(partitions: readonly number[], members: readonly { memberId: string; held: readonly number[] }[]): Map<string, number[]> {
  const ordered = [...members].sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
  const assignment = new Map<string, number[]>(ordered.map(({ memberId }) => [memberId, []]));
  if (ordered.length === 0) return assignment;
  const base = Math.floor(partitions.length / ordered.length);
  const extra = partitions.length % ordered.length;
  // Members already holding more keep the larger shares, so fewer partitions move.
  const byHolding = [...ordered].sort((a, b) => b.held.length - a.held.length);
  const share = new Map(byHolding.map(({ memberId }, i) => [memberId, base + (i < extra ? 1 : 0)]));
  const unassigned = new Set(partitions);
  for (const { memberId, held } of ordered) {
    const mine = assignment.get(memberId)!;
    for (const partition of [...held].sort((a, b) => a - b)) {
      if (mine.length >= share.get(memberId)! || !unassigned.has(partition)) continue;
      mine.push(partition);
      unassigned.delete(partition);
    }
  }
  for (const partition of [...unassigned].sort((a, b) => a - b)) {
    const member = ordered.find(({ memberId }) => assignment.get(memberId)!.length < share.get(memberId)!)!;
    assignment.get(member.memberId)!.push(partition);
  }
  for (const list of assignment.values()) list.sort((a, b) => a - b);
  return assignment;
}

function withAdvert(assigner: Assigner, advert: () => MemberAdvert): Assigner {
  return {
    ...assigner,
    protocol({ topics }) {
      return {
        name: assigner.name,
        metadata: AssignerProtocol.MemberMetadata.encode({ version: assigner.version, topics, userData: encodeAdvert(advert()) }),
      };
    },
  };
}

/**
 * The assigners this instance offers, best first: the sticky one, and kafkajs' round-robin
 * (with the same advert), which a group whose members do not all know the sticky one falls
 * back to.
 */
export function waybillAssigners(topic: string, advert: () => MemberAdvert): PartitionAssigner[] {
  const sticky: PartitionAssigner = ({ cluster }) =>
    withAdvert(
      {
        name: STICKY_ASSIGNER,
        version: 0,
        async assign({ members }: { members: GroupMember[]; topics: string[] }) {
          await cluster.refreshMetadataIfNecessary();
          const partitions = cluster.findTopicPartitionMetadata(topic).map(({ partitionId }) => partitionId);
          const adverts = members.map(({ memberId, memberMetadata }) => ({ memberId, held: advertOf(memberMetadata)?.held ?? [] }));
          return [...stickyAssignment(partitions, adverts)].map(([memberId, assigned]) => ({
            memberId,
            memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: { [topic]: assigned }, userData: Buffer.alloc(0) }),
          }));
        },
        protocol: () => ({ name: STICKY_ASSIGNER, metadata: Buffer.alloc(0) }),
      },
      advert,
    );
  const roundRobin: PartitionAssigner = (config) => withAdvert(PartitionAssigners.roundRobin(config), advert);
  return [sticky, roundRobin];
}
