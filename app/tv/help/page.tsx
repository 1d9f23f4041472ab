import type { Metadata } from 'next';
import { TvHelpPage } from '../../../components/tv/TvHelpPage';
import '../tv.css';

export const metadata: Metadata = { title: 'TV wall: link parameters · Waybill' };

export default function TvHelpRoute() {
  return <TvHelpPage />;
}
