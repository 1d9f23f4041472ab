import { ShipmentPage } from '../../../components/shipments/ShipmentPage';

export default async function ShipmentRoute({ params }: { params: Promise<{ subject: string }> }) {
  const { subject } = await params;
  return <ShipmentPage subject={decodeURIComponent(subject)} />;
}

export async function generateMetadata({ params }: { params: Promise<{ subject: string }> }) {
  const { subject } = await params;
  return { title: `Shipment ${decodeURIComponent(subject)} · Waybill` };
}
