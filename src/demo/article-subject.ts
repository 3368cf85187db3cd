/**
 * The demo's Article as a subject of the model-manager plugin, registered in config/plugins.ts like
 * any app registers its content types: its text is the title and the body, its author's tag is
 * feedback to the partisan model (dataset "articles"), and each save stores the model's answer.
 */
export const articleSubject = (model: string) => ({
  uid: 'api::article.article',
  textFields: ['title', 'body'],
  titleField: 'title',
  // API.md: `{ article: documentId }` names an article in a feedback body, as before subjects.
  alias: 'article',
  model,
  tag: { field: 'partisanTag', dataset: 'articles', authorField: 'authorName' },
  prediction: {
    label: 'predictedLabel',
    probabilities: 'predictedProbabilities',
    by: 'predictedBy',
  },
});
