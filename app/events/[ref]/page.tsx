import { EventDetailPage } from '../../../components/events/EventDetailPage';

export default async function EventDetailRoute({ params }: { params: Promise<{ ref: string }> }) {
  const { ref } = await params;
  return <EventDetailPage eventRef={decodeURIComponent(ref)} />;
}

export async function generateMetadata({ params }: { params: Promise<{ ref: string }> }) {
  const { ref } = await params;
  return { title: `${decodeURIComponent(ref)} · Events · Waybill` };
}
