import { Box, Flex, Typography } from '@strapi/design-system';
import { type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { styled } from 'styled-components';
import type { ExplanationToken } from '../../../../shared/contracts/predict';
import { useT } from '../../hooks/useT';
import { classRgb, pushedClass, rgba } from '../../utils/colors';

const Text = styled(Box)`
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  line-height: 2.2;
  font-size: 1.6rem;
  color: ${({ theme }) => theme.colors.neutral800};
`;

const Token = styled.span`
  border-radius: 3px;
  padding: 2px 1px;
  cursor: help;
`;

const Swatch = ({ rgb }: { rgb: ReturnType<typeof classRgb> }) => (
  <Box width="1.4rem" height="1.4rem" hasRadius style={{ background: rgba(rgb, 0.6) }} />
);

interface Props {
  text: string;
  tokens: ExplanationToken[];
  predicted: string;
  labels: string[];
}

/**
 * The input again, each explained token shaded in the colour of the class it pushes toward,
 * its opacity proportional to |weight| / max |weight|; the title gives the weight.
 */
export const ExplainedText = ({ text, tokens, predicted, labels }: Props) => {
  const t = useT();
  const intl = useIntl();
  const max = Math.max(0, ...tokens.map((token) => Math.abs(token.weight)));
  const parts: ReactNode[] = [];
  let cursor = 0;
  for (const token of [...tokens].sort((a, b) => a.start - b.start)) {
    if (token.start < cursor || token.end > text.length) continue; // overlapping or out of range: skip
    if (token.start > cursor) parts.push(text.slice(cursor, token.start));
    const toward = pushedClass(token.weight, predicted, labels);
    const alpha = max > 0 ? (0.8 * Math.abs(token.weight)) / max : 0;
    const weight = intl.formatNumber(token.weight, {
      maximumSignificantDigits: 3,
      signDisplay: 'always',
    });
    parts.push(
      <Token
        key={token.start}
        data-testid="explained-token"
        data-weight={token.weight}
        title={t(toward ? 'playground.token.title' : 'playground.token.titleAway', {
          weight,
          label: toward ?? predicted,
        })}
        style={{ background: rgba(classRgb(toward, labels), alpha) }}
      >
        {text.slice(token.start, token.end)}
      </Token>
    );
    cursor = token.end;
  }
  if (cursor < text.length) parts.push(text.slice(cursor));

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Text padding={4} background="neutral100" hasRadius data-testid="explained-text">
        {parts}
      </Text>
      <Flex gap={4} wrap="wrap">
        {labels.map((label) => (
          <Flex key={label} gap={2}>
            <Swatch rgb={classRgb(label, labels)} />
            <Typography variant="pi" textColor="neutral700">
              {t('playground.legend', { label })}
            </Typography>
          </Flex>
        ))}
        <Typography variant="pi" textColor="neutral500">
          {t('playground.legend.opacity')}
        </Typography>
      </Flex>
    </Flex>
  );
};
