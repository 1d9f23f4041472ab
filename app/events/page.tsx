import { Suspense } from 'react';
import { EventsPage } from '../../components/events/EventsPage';

export const metadata = { title: 'Events · Waybill' };

// The filter lives in the URL, which the page reads in the browser.
export default function EventsRoute() {
  return (
    <Suspense>
      <EventsPage />
    </Suspense>
  );
}
