import { AssignerProtocol, type Admin, type Kafka } from 'kafkajs';
import { advertOf } from './groupAssigners';

/** Who holds a partition of the topic: this instance, another member of the group, or nobody yet. */
export type PartitionOwner = 'self' | 'other' | 'none';

export interface PartitionOwnership {
  /** Every partition of the topic, in order. */
  partitions: number[];
  /** Partitions another live member of the group holds. */
  heldByOthers: ReadonlySet<number>;
  /** Where the member holding each partition is reached (its WAYBILL_ADVERTISED_URL), this instance's own included. */
  urls: ReadonlyMap<number, string>;
}

/** How often the group's assignment and the topic's partitions are read again. */
export const OWNERSHIP_REFRESH_MS = 2_000;

/**
 * What the group says of the topic's partitions, read with an admin client every couple
 * of seconds (the group's own state, as `kafka-consumer-groups --describe` shows it): so
 * an instance can say which partitions it does not hold, and whether anyone does. The
 * last answer stands while the broker does not answer.
 */
export class GroupOwnership {
  private admin: Admin | null = null;
  private timer: NodeJS.Timeout | null = null;
  private known: PartitionOwnership | null = null;
  private ownMemberId: string | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly groupId: string,
  ) {}

  /**
   * This instance's member id, from its last join: its own assignment is not "another
   * member's". The assignment has just changed, so it is read again now rather than at the
   * next tick.
   */
  joinedAs(memberId: string): void {
    this.ownMemberId = memberId;
    this.refresh().catch(() => undefined);
  }

  start(): void {
    this.admin = this.kafka.admin();
    // A broker that does not answer leaves the last answer standing; health says the broker is lost anyway.
    const refresh = () => {
      this.refresh().catch(() => undefined);
    };
    this.admin
      .connect()
      .then(refresh)
      .catch(() => undefined);
    this.timer = setInterval(refresh, OWNERSHIP_REFRESH_MS);
    this.timer.unref();
  }

  get ownership(): PartitionOwnership | null {
    return this.known;
  }

  private async refresh(): Promise<void> {
    const admin = this.admin;
    if (!admin) return;
    const [metadata, described] = await Promise.all([admin.fetchTopicMetadata({ topics: [this.topic] }), admin.describeGroups([this.groupId])]);
    const partitions = (metadata.topics[0]?.partitions ?? []).map((partition) => partition.partitionId).sort((a, b) => a - b);
    const heldByOthers = new Set<number>();
    const urls = new Map<number, string>();
    for (const member of described.groups[0]?.members ?? []) {
      if (member.memberAssignment.length === 0) continue;
      const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      const url = advertOf(member.memberMetadata)?.url ?? null;
      for (const partition of assignment?.assignment[this.topic] ?? []) {
        if (member.memberId !== this.ownMemberId) heldByOthers.add(partition);
        if (url !== null) urls.set(partition, url);
      }
    }
    this.known = { partitions, heldByOthers, urls };
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = null;
  }
}
