import type { Metadata } from 'next';
import { TvWall } from '../../components/tv/TvWall';
import './tv.css';

export const metadata: Metadata = { title: 'TV wall · Waybill' };

export default function TvWallPage() {
  return <TvWall />;
}
