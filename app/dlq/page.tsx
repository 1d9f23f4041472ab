import { Suspense } from 'react';
import { DeadLettersPage } from '../../components/dlq/DeadLettersPage';

export const metadata = { title: 'Dead letters · Waybill' };

export default function DeadLettersRoute() {
  return (
    <Suspense>
      <DeadLettersPage />
    </Suspense>
  );
}
