import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { CloudUpload } from '@strapi/icons';
import { type DragEvent, useRef, useState } from 'react';
import { styled } from 'styled-components';
import { useT } from '../../hooks/useT';

const Zone = styled(Box)<{ $active: boolean }>`
  border: 2px dashed
    ${({ theme, $active }) => ($active ? theme.colors.primary600 : theme.colors.neutral300)};
  background: ${({ theme, $active }) =>
    $active ? theme.colors.primary100 : theme.colors.neutral100};
  transition:
    border-color 120ms,
    background 120ms;
`;

/** Drop an .onnx file here, or pick one. */
export const DropZone = ({
  file,
  onFile,
}: {
  file: File | null;
  onFile: (file: File | null) => void;
}) => {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [active, setActive] = useState(false);
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setActive(false);
    onFile(event.dataTransfer.files[0] ?? null);
  };
  return (
    <Zone
      $active={active}
      hasRadius
      padding={8}
      onDragOver={(e: DragEvent) => {
        e.preventDefault();
        setActive(true);
      }}
      onDragLeave={() => setActive(false)}
      onDrop={drop}
      data-testid="upload-dropzone"
    >
      <Flex direction="column" gap={3}>
        <CloudUpload width="3.2rem" height="3.2rem" fill="primary600" aria-hidden />
        <Typography variant="delta">{file ? file.name : t('upload.drop')}</Typography>
        <Typography variant="pi" textColor="neutral600">
          {file ? t('upload.size', { size: Math.round(file.size / 1024) }) : t('upload.drop.hint')}
        </Typography>
        <Button variant="secondary" onClick={() => input.current?.click()}>
          {file ? t('upload.change') : t('upload.choose')}
        </Button>
        <input
          ref={input}
          type="file"
          accept=".onnx,application/octet-stream"
          hidden
          aria-label={t('upload.choose')}
          data-testid="upload-input"
          onChange={(e) => onFile(e.target.files?.[0] ?? null)}
        />
      </Flex>
    </Zone>
  );
};
