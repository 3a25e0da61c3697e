// Routes. Pages load on demand so that the sign-in page stays small; each officer page is guarded by the
// permission it needs, so a link typed by hand shows a clear refusal rather than an empty page.
import { type ComponentType, lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { useSessionExpiry } from '../auth/session.tsx';
import { AppLayout } from './AppLayout.tsx';
import { HomeRedirect, RequirePermission, RequireSession } from './guards.tsx';

const named = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(() => load().then((m) => ({ default: m[name] })));

const SignInPage = named(() => import('../pages/SignInPage.tsx'), 'SignInPage');
const SearchPage = named(() => import('../pages/search/SearchPage.tsx'), 'SearchPage');
const PersonPage = named(() => import('../pages/person/PersonPage.tsx'), 'PersonPage');
const UsersPage = named(() => import('../pages/users/UsersPage.tsx'), 'UsersPage');
const AuditPage = named(() => import('../pages/audit/AuditPage.tsx'), 'AuditPage');
const QualityPage = named(() => import('../pages/quality/QualityPage.tsx'), 'QualityPage');
const CampaignDashboard = named(() => import('../pages/campaign/DashboardPage.tsx'), 'DashboardPage');
const CampaignReview = named(() => import('../pages/campaign/ReviewPage.tsx'), 'ReviewPage');
const BallotEntryPage = named(() => import('../pages/campaign/BallotEntryPage.tsx'), 'BallotEntryPage');
const BallotUploadPage = named(() => import('../pages/campaign/UploadPage.tsx'), 'UploadPage');
const DedupQueuePage = named(() => import('../pages/dedup/QueuePage.tsx'), 'QueuePage');
const DedupPairPage = named(() => import('../pages/dedup/PairPage.tsx'), 'PairPage');
const CardApplicationsPage = named(() => import('../pages/cards/ApplicationsPage.tsx'), 'ApplicationsPage');
const CardPage = named(() => import('../pages/cards/CardPage.tsx'), 'CardPage');
const CardBatchesPage = named(() => import('../pages/cards/BatchesPage.tsx'), 'BatchesPage');
const CardDuePage = named(() => import('../pages/cards/DuePage.tsx'), 'DuePage');
const CardDashboardPage = named(() => import('../pages/cards/CardDashboardPage.tsx'), 'CardDashboardPage');
const EnrolTotpPage = named(() => import('../pages/EnrolTotpPage.tsx'), 'EnrolTotpPage');
const NotFoundPage = named(() => import('../pages/NotFoundPage.tsx'), 'NotFoundPage');

export function App() {
  useSessionExpiry();
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/enrol-totp" element={<EnrolTotpPage />} />
      <Route
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        <Route index element={<HomeRedirect />} />
        <Route
          path="persons"
          element={
            <RequirePermission permission="person.read">
              <SearchPage />
            </RequirePermission>
          }
        />
        <Route
          path="persons/:pin"
          element={
            <RequirePermission permission="person.read">
              <PersonPage />
            </RequirePermission>
          }
        />
        <Route
          path="users"
          element={
            <RequirePermission permission="user.manage">
              <UsersPage />
            </RequirePermission>
          }
        />
        <Route
          path="audit"
          element={
            <RequirePermission permission="audit.read">
              <AuditPage />
            </RequirePermission>
          }
        />
        <Route
          path="quality"
          element={
            <RequirePermission permission="campaign.read">
              <QualityPage />
            </RequirePermission>
          }
        />
        <Route path="campaign" element={<Navigate to="/campaign/progress" replace />} />
        <Route
          path="campaign/progress"
          element={
            <RequirePermission permission="campaign.read">
              <CampaignDashboard />
            </RequirePermission>
          }
        />
        <Route
          path="campaign/review"
          element={
            <RequirePermission permission="ballot.check">
              <CampaignReview />
            </RequirePermission>
          }
        />
        <Route
          path="campaign/entry"
          element={
            <RequirePermission permission="ballot.collect">
              <BallotEntryPage />
            </RequirePermission>
          }
        />
        <Route
          path="campaign/upload"
          element={
            <RequirePermission permission="ballot.collect">
              <BallotUploadPage />
            </RequirePermission>
          }
        />
        <Route
          path="dedup"
          element={
            <RequirePermission permission="dedup.review">
              <DedupQueuePage />
            </RequirePermission>
          }
        />
        <Route
          path="dedup/:id"
          element={
            <RequirePermission permission="dedup.review">
              <DedupPairPage />
            </RequirePermission>
          }
        />
        <Route path="cards" element={<Navigate to="/cards/applications" replace />} />
        <Route
          path="cards/applications"
          element={
            <RequirePermission permission="card.read">
              <CardApplicationsPage />
            </RequirePermission>
          }
        />
        <Route
          path="cards/batches"
          element={
            <RequirePermission permission="card.produce">
              <CardBatchesPage />
            </RequirePermission>
          }
        />
        <Route
          path="cards/due"
          element={
            <RequirePermission permission="card.read">
              <CardDuePage />
            </RequirePermission>
          }
        />
        <Route
          path="cards/dashboard"
          element={
            <RequirePermission permission="card.read">
              <CardDashboardPage />
            </RequirePermission>
          }
        />
        <Route
          path="cards/:id"
          element={
            <RequirePermission permission="card.read">
              <CardPage />
            </RequirePermission>
          }
        />
        <Route path="search" element={<Navigate to="/persons" replace />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
