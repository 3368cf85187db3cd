import { Typography } from '@strapi/design-system';
import { styled } from 'styled-components';
import { classRgb, rgba } from '../utils/colors';

const Pill = styled(Typography)`
  display: inline-block;
  padding: 0.2rem 0.8rem;
  border-radius: ${({ theme }) => theme.borderRadius};
  font-size: 1.1rem;
  font-weight: 700;
  text-transform: uppercase;
  line-height: 1.6rem;
`;

/** A class label in its class colour (red is red, blue is blue), as in the playground. */
export const ClassBadge = ({ label, labels }: { label: string; labels: string[] }) => {
  const rgb = classRgb(label, labels);
  return (
    <Pill tag="span" style={{ background: rgba(rgb, 0.14), color: rgba(rgb, 1) }}>
      {label}
    </Pill>
  );
};
