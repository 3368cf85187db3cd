import { Box, Typography } from '@strapi/design-system';
import { useT } from '../../hooks/useT';
import { classRgb, rgba } from '../../utils/colors';

/** The predicted class as a chip in its own colour, or a grey "undecided" chip. */
export const PredictedLabel = ({
  label,
  labels,
  undecided,
}: {
  label: string;
  labels: string[];
  undecided?: boolean;
}) => {
  const t = useT();
  return (
    <Box
      paddingLeft={3}
      paddingRight={3}
      paddingTop={1}
      paddingBottom={1}
      hasRadius
      background={undecided ? 'neutral600' : undefined}
      style={undecided ? undefined : { background: rgba(classRgb(label, labels), 0.9) }}
    >
      <Typography variant="beta" textColor="neutral0" data-testid="predicted-label">
        {undecided ? t('playground.undecided') : label}
      </Typography>
    </Box>
  );
};
