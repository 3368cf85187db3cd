import type { FetchClient } from '@strapi/strapi/admin';
import type {
  SubjectPrediction,
  SubjectTypeSummary,
} from '../../shared/contracts/subject-prediction';
import type { CollectiveSummary, CreateCollectiveInput } from '../../shared/contracts/collective';
import type { Comparison } from '../../shared/contracts/compare';
import type { ServedAt } from '../../shared/contracts/deployments';
import type {
  FeedbackEntry,
  FeedbackGiver,
  ImportFeedbackInput,
  ImportResult,
  ListFeedback,
  ListFeedbackQuery,
} from '../../shared/contracts/feedback';
import type {
  CreateModelInput,
  ListModels,
  ModelDetail,
  UpdateModelInput,
  VersionSummary,
} from '../../shared/contracts/models';
import type { ListReaderTexts, PersonalReaders } from '../../shared/contracts/personal';
import type { ListReaders } from '../../shared/contracts/readers';
import type { Prediction, PredictionMeta } from '../../shared/contracts/predict';
import type { Outcomes } from '../../shared/contracts/outcomes';
import type { PromotionCheck, RollbackTarget } from '../../shared/contracts/promotion';
import type {
  CreateTrainingRunInput,
  TrainingReadiness,
  TrainingRunSummary,
} from '../../shared/contracts/training';
import type { AuditEvent } from '../../shared/contracts/versions';
import type { VersionDetail } from '../../shared/contracts/version-page';
import { PLUGIN_ID } from './pluginId';
import type { CardPeople, ModelCard, PeopleField } from '../../shared/contracts/card';
import type { MonitoringReport, MonitoringThresholds } from '../../shared/contracts/monitoring';
import type {
  RetrainingDecision,
  RetrainingPolicy,
  RetrainingReport,
} from '../../shared/contracts/retraining';

/** Version transitions the admin API exposes as `POST /versions/:number/<action>`. */
export type VersionAction = 'submit' | 'approve' | 'reject' | 'promote' | 'challenge' | 'archive';

// Response shapes are the shared contracts' (shared/contracts), under the names the admin uses.
export type { CollectiveSummary, PersonalReaders };
export type FeedbackFilters = ListFeedbackQuery;
export type FeedbackPage = ListFeedback.Response;
export type ReadersPage = ListReaders.Response;
/** `GET /models/:slug/personal-models/texts` [readers.read-texts]: readers with their labelled texts. */
export type ReaderTextsPage = ListReaderTexts.Response;

const base = `/${PLUGIN_ID}`;
const model = (slug: string) => `${base}/models/${encodeURIComponent(slug)}`;

/** Drops empty filters so the server's strict query schema never sees `label=`. */
const compact = (params: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(params).filter(([, value]) => value !== undefined && value !== '')
  );

/**
 * Every call the admin makes, as thin wrappers over Strapi's fetch client (which adds the admin JWT
 * and turns `{ error }` bodies into a FetchError carrying the server's message).
 */
export const createApi = ({ get, post, put, del }: FetchClient) => ({
  async listModels() {
    return (
      await get<ListModels.Response>(`${base}/models`, {
        params: { pagination: { pageSize: 100 } },
      })
    ).data;
  },
  async createModel(data: CreateModelInput) {
    return (await post<{ data: ModelDetail }>(`${base}/models`, { data })).data.data;
  },
  async updateModel(slug: string, data: UpdateModelInput) {
    return (await put<{ data: ModelDetail }>(model(slug), { data })).data.data;
  },
  async getModel(slug: string) {
    return (await get<{ data: ModelDetail }>(model(slug))).data.data;
  },
  async getAudit(slug: string) {
    return (await get<{ data: AuditEvent[] }>(`${model(slug)}/audit`)).data.data;
  },
  async servedAt(slug: string, at: Date) {
    return (
      await get<{ data: ServedAt }>(`${model(slug)}/served-at`, {
        params: { at: at.toISOString() },
      })
    ).data.data;
  },
  async uploadVersion(slug: string, file: File, notes?: string) {
    const form = new FormData();
    form.append('file', file, file.name);
    if (notes) form.append('notes', notes);
    return (await post<{ data: VersionSummary }>(`${model(slug)}/versions`, form)).data.data;
  },
  async transition(
    slug: string,
    number: number,
    action: VersionAction,
    body: { comment?: string; trafficShare?: number; reason?: string }
  ) {
    const url = `${model(slug)}/versions/${number}/${action}`;
    return (await post<{ data: VersionSummary }>(url, { data: body })).data.data;
  },
  async versionDetails(slug: string, number: number) {
    return (await get<{ data: VersionDetail }>(`${model(slug)}/versions/${number}/details`)).data
      .data;
  },
  async updateNotes(slug: string, number: number, notes: string) {
    return (
      await put<{ data: VersionSummary }>(`${model(slug)}/versions/${number}/notes`, {
        data: { notes },
      })
    ).data.data;
  },
  async monitoring(slug: string) {
    return (await get<{ data: MonitoringReport }>(`${model(slug)}/monitoring`)).data.data;
  },
  async setMonitoringThresholds(slug: string, data: Partial<MonitoringThresholds>) {
    return (await put<{ data: MonitoringThresholds }>(`${model(slug)}/monitoring`, { data })).data
      .data;
  },
  async retraining(slug: string) {
    return (await get<{ data: RetrainingReport }>(`${model(slug)}/retraining`)).data.data;
  },
  async setRetraining(slug: string, data: Partial<RetrainingPolicy>) {
    return (await put<{ data: RetrainingPolicy }>(`${model(slug)}/retraining`, { data })).data.data;
  },
  async checkRetraining(slug: string) {
    const url = `${model(slug)}/retraining/check`;
    return (await post<{ data: { decision: RetrainingDecision | null } }>(url, {})).data.data;
  },
  async modelCard(slug: string, number: number) {
    return (await get<{ data: ModelCard }>(`${model(slug)}/versions/${number}/card`)).data.data;
  },
  async modelCardMarkdown(slug: string, number: number) {
    const url = `${model(slug)}/versions/${number}/card`;
    return (await get<Blob>(url, { params: { format: 'markdown' }, responseType: 'blob' })).data;
  },
  async updateModelCard(slug: string, number: number, data: Partial<Record<PeopleField, string>>) {
    return (await put<{ data: CardPeople }>(`${model(slug)}/versions/${number}/card`, { data }))
      .data.data;
  },
  async downloadArtifact(slug: string, number: number) {
    return (await get(`${model(slug)}/versions/${number}/artifact`, { responseType: 'blob' })).data;
  },
  async promotionCheck(slug: string, number: number) {
    return (
      await get<{ data: PromotionCheck }>(`${model(slug)}/versions/${number}/promotion-check`)
    ).data.data;
  },
  async rollbackTarget(slug: string) {
    return (await get<{ data: RollbackTarget }>(`${model(slug)}/rollback`)).data.data;
  },
  async rollback(slug: string, comment?: string) {
    return (await post<{ data: VersionSummary }>(`${model(slug)}/rollback`, { data: { comment } }))
      .data.data;
  },
  async predict(slug: string, text: string, version?: number) {
    const body = version === undefined ? { text, explain: true } : { text, explain: true, version };
    return (await post<{ data: Prediction; meta: PredictionMeta }>(`${model(slug)}/predict`, body))
      .data;
  },
  async startTraining(slug: string, data: CreateTrainingRunInput) {
    return (await post<{ data: TrainingRunSummary }>(`${model(slug)}/training-runs`, { data })).data
      .data;
  },
  async getTrainingRun(id: string) {
    return (
      await get<{ data: TrainingRunSummary }>(`${base}/training-runs/${encodeURIComponent(id)}`)
    ).data.data;
  },
  async trainingReadiness(slug: string) {
    return (await get<{ data: TrainingReadiness }>(`${model(slug)}/training-data`)).data.data;
  },
  async listTrainingRuns(slug: string) {
    return (await get<{ data: TrainingRunSummary[] }>(`${model(slug)}/training-runs`)).data.data;
  },
  async listFeedback(slug: string, filters: FeedbackFilters) {
    return (await get<FeedbackPage>(`${model(slug)}/feedback`, { params: compact({ ...filters }) }))
      .data;
  },
  async giveFeedback(
    slug: string,
    data: { text: string; label: string; predictedLabel?: string; version?: number }
  ) {
    return (
      await post<{ data: FeedbackEntry; meta: { updated: boolean } }>(`${model(slug)}/feedback`, {
        data,
      })
    ).data;
  },
  async relabelFeedback(slug: string, documentId: string, label: string) {
    return (
      await put<{ data: FeedbackEntry }>(
        `${model(slug)}/feedback/${encodeURIComponent(documentId)}`,
        { data: { label } }
      )
    ).data.data;
  },
  /** The reason travels as a query parameter: the fetch client sends no body with DELETE (nor would the server read one). */
  async deleteFeedback(slug: string, documentId: string, comment?: string) {
    await del(`${model(slug)}/feedback/${encodeURIComponent(documentId)}`, {
      params: compact({ comment }),
    });
  },
  async feedbackGivers(slug: string) {
    return (await get<{ data: FeedbackGiver[] }>(`${model(slug)}/feedback/givers`)).data.data;
  },
  async importFeedback(slug: string, data: ImportFeedbackInput) {
    return (await post<{ data: ImportResult }>(`${model(slug)}/feedback/import`, { data })).data
      .data;
  },
  async exportFeedback(slug: string, format: 'jsonl' | 'csv', filters: FeedbackFilters) {
    const params = compact({ ...filters, page: undefined, pageSize: undefined, format });
    return (await get<Blob>(`${model(slug)}/feedback/export`, { params, responseType: 'blob' }))
      .data;
  },
  async subjectTypes() {
    return (await get<{ data: SubjectTypeSummary[] }>(`${base}/subjects`)).data.data;
  },
  async subjectPrediction(type: string, documentId: string) {
    const path = `${base}/subjects/${encodeURIComponent(type)}/${encodeURIComponent(documentId)}/prediction`;
    return (await get<{ data: SubjectPrediction; meta: PredictionMeta }>(path)).data;
  },
  async compare(slug: string, candidate: number, baseline?: number) {
    const params = compact({ candidate, baseline });
    return (await get<{ data: Comparison }>(`${model(slug)}/compare`, { params })).data.data;
  },
  async personalReaders(slug: string) {
    return (await get<{ data: PersonalReaders }>(`${model(slug)}/personal-models`)).data.data;
  },
  async readerTexts(slug: string, page: number) {
    return (
      await get<ReaderTextsPage>(`${model(slug)}/personal-models/texts`, {
        params: { page, pageSize: 10 },
      })
    ).data;
  },
  async outcomes(slug: string) {
    return (await get<{ data: Outcomes }>(`${model(slug)}/outcomes`)).data.data;
  },
  async setShadow(slug: string, version: number | null) {
    return (
      await post<{ data: { model: string; shadow: number | null } }>(`${model(slug)}/shadow`, {
        data: { version },
      })
    ).data.data;
  },
  async collective(slug: string) {
    return (
      await get<{ data: CollectiveSummary }>(
        `${base}/collective-models/${encodeURIComponent(slug)}`
      )
    ).data.data;
  },
  async createCollective(data: CreateCollectiveInput) {
    return (await post<{ data: CollectiveSummary }>(`${base}/collective-models`, { data })).data
      .data;
  },
  async listReaders(search: string, page = 1) {
    return (
      await get<ReadersPage>(`${base}/readers`, {
        params: compact({ search: search.trim(), page, pageSize: 20 }),
      })
    ).data;
  },
});

export type Api = ReturnType<typeof createApi>;
