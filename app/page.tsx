import { Dashboard } from '../components/dashboard/Dashboard';

export default function OverviewPage() {
  return <Dashboard />;
}
