import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { Explanation } from '../../../../shared/contracts/predict';
import { useT } from '../../hooks/useT';
import { classRgb, pushedClass, rgba } from '../../utils/colors';

const SHOWN = 10;

/**
 * The words that weighed most, with their weight in its unit: log-odds of the predicted class for
 * our own linear exports (they add up, with the bias, to its log-odds), else the drop of its
 * probability when the word is removed. Long words wrap inside the card.
 */
export const WeightList = ({
  explanation,
  predicted,
  labels,
}: {
  explanation: Explanation;
  predicted: string;
  labels: string[];
}) => {
  const t = useT();
  const intl = useIntl();
  const exact = explanation.method === 'exact';
  const top = [...explanation.tokens]
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, SHOWN);
  const format = (w: number) =>
    exact
      ? intl.formatNumber(w, {
          maximumFractionDigits: 2,
          minimumFractionDigits: 2,
          signDisplay: 'always',
        })
      : intl.formatNumber(w * 100, { maximumFractionDigits: 1, signDisplay: 'always' });
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="weight-list">
      <Typography variant="sigma" textColor="neutral600">
        {t('playground.weights', {
          unit: t(exact ? 'playground.unit.logOdds' : 'playground.unit.drop'),
        })}
      </Typography>
      {top.map((token) => {
        const toward = pushedClass(token.weight, predicted, labels);
        return (
          <Flex key={`${token.start}-${token.end}`} gap={3} alignItems="flex-start">
            <Box minWidth="6rem" style={{ textAlign: 'right' }}>
              <Typography
                fontWeight="bold"
                data-testid="token-weight"
                style={{ fontVariantNumeric: 'tabular-nums' }}
              >
                {format(token.weight)}
              </Typography>
            </Box>
            <Box
              paddingLeft={2}
              paddingRight={2}
              hasRadius
              style={{
                background: rgba(classRgb(toward, labels), 0.25),
                overflowWrap: 'anywhere',
                minWidth: 0,
              }}
            >
              <Typography>{token.text}</Typography>
            </Box>
            <Typography variant="pi" textColor="neutral600">
              {t(toward ? 'playground.token.toward' : 'playground.token.away', {
                label: toward ?? predicted,
              })}
            </Typography>
          </Flex>
        );
      })}
      <Typography variant="pi" textColor="neutral500" data-testid="weight-legend">
        {exact
          ? t('playground.legend.logOdds', {
              label: predicted,
              bias: intl.formatNumber(explanation.bias ?? 0, {
                maximumFractionDigits: 2,
                signDisplay: 'always',
              }),
            })
          : t('playground.legend.drop', { label: predicted })}
      </Typography>
    </Flex>
  );
};
