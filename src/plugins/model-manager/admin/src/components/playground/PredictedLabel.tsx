import { Box, Typography } from '@strapi/design-system';
import { classRgb, rgba } from '../../utils/colors';

/** The predicted class as a chip in its own colour. */
export const PredictedLabel = ({ label, labels }: { label: string; labels: string[] }) => (
  <Box paddingLeft={3} paddingRight={3} paddingTop={1} paddingBottom={1} hasRadius style={{ background: rgba(classRgb(label, labels), 0.9) }}>
    <Typography variant="beta" textColor="neutral0" data-testid="predicted-label">
      {label}
    </Typography>
  </Box>
);
