import { parseArgs } from 'util';
import { withStrapi } from './load-strapi';

/**
 * npm run import-dataset -- --model partisan --dataset debates-train --file partisan/train.jsonl --group-field debate
 * Imports a JSONL corpus ({"text", "label"} per line) as feedback of a named dataset. The file is
 * read relative to MODEL_MANAGER_DATA_DIR (default ../shared/data) unless absolute. Idempotent.
 * --group-field names the field grouping rows that are not independent (default "group").
 */
const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    dataset: { type: 'string' },
    file: { type: 'string' },
    'group-field': { type: 'string' },
  },
});

if (!values.model || !values.dataset || !values.file) {
  console.error(
    'usage: npm run import-dataset -- --model <slug> --dataset <name> --file <path.jsonl>'
  );
  process.exit(2);
}

withStrapi(async (strapi) => {
  const datasets = strapi.plugin('model-manager').service('datasets');
  const file = datasets.resolveDataPath(values.file as string);
  const result = await datasets.importJsonl(values.model as string, {
    dataset: values.dataset as string,
    file,
    groupField: values['group-field'],
  });
  console.log(
    `${file}: ${result.read} lines, ${result.created} imported into "${result.dataset}", ${result.alreadyThere} already there, ${result.scored} labelled by the champion`
  );
}).catch((error: Error) => {
  console.error(`import failed: ${error.message}`);
  process.exit(1);
});
