import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { classRgb, rgba } from '../../utils/colors';

/** One bar per class, its length the predicted probability, in the class's colour. */
export const ProbabilityBars = ({
  probabilities,
  labels,
  predicted,
}: {
  probabilities: Record<string, number>;
  labels: string[];
  predicted: string;
}) => {
  const intl = useIntl();
  const names = [...labels, ...Object.keys(probabilities).filter((l) => !labels.includes(l))];
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="probabilities">
      {names.map((label) => {
        const p = probabilities[label] ?? 0;
        return (
          <Flex key={label} gap={3}>
            <Box width="8rem">
              <Typography fontWeight={label === predicted ? 'bold' : 'regular'}>{label}</Typography>
            </Box>
            <Box flex="1" background="neutral150" hasRadius height="1.6rem" overflow="hidden">
              <Box
                height="100%"
                style={{
                  width: `${Math.max(0, Math.min(1, p)) * 100}%`,
                  background: rgba(classRgb(label, labels), label === predicted ? 0.9 : 0.45),
                }}
              />
            </Box>
            <Box width="6rem" style={{ textAlign: 'right' }}>
              <Typography variant="pi" fontWeight="semiBold">
                {intl.formatNumber(p, { style: 'percent', maximumFractionDigits: 1 })}
              </Typography>
            </Box>
          </Flex>
        );
      })}
    </Flex>
  );
};
