import { Dashboard } from '../components/Dashboard';

export default function OverviewPage() {
  return <Dashboard />;
}
