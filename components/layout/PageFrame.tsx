'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { AccessTokenPrompt } from '../auth/AccessTokenPrompt';
import { BrandMark } from './BrandMark';
import { AppNav } from './AppNav';

interface PageFrameProps {
  /** The page's own heading, under the app header. */
  title: ReactNode;
  /** Where "back" leads and what it is called, e.g. the list this page was opened from. */
  back?: { href: string; label: string };
  /** Controls or facts beside the title. */
  actions?: ReactNode;
  children: ReactNode;
}

/** The frame of every operator page: brand, sections, a way back, the access-token prompt. */
export function PageFrame({ title, back, actions, children }: PageFrameProps) {
  return (
    <div className="page">
      <header className="app-header operator-header">
        <Link href="/" className="brand brand--link" aria-label="Waybill dashboard">
          <BrandMark />
          <span className="brand__name">Waybill</span>
        </Link>
        <AppNav />
      </header>
      <main className="operator-page">
        <div className="operator-page__title-row">
          <div className="operator-page__heading">
            {back && (
              <Link href={back.href} className="back-link" data-testid="back-link">
                <span aria-hidden="true">←</span> {back.label}
              </Link>
            )}
            <h1 className="operator-page__title">{title}</h1>
          </div>
          {actions && <div className="operator-page__actions">{actions}</div>}
        </div>
        {children}
      </main>
      <AccessTokenPrompt />
    </div>
  );
}
