import { onnx } from 'onnx-proto';
import { findExternalTensors } from './external-data';

const { DataType, DataLocation } = onnx.TensorProto;
const external = (name: string, location: string) => ({
  name,
  dims: [1],
  dataType: DataType.FLOAT,
  dataLocation: DataLocation.EXTERNAL,
  externalData: [{ key: 'location', value: location }],
});
const inline = (name: string) => ({ name, dims: [1], dataType: DataType.FLOAT, floatData: [1] });
const model = (graph: object) =>
  onnx.ModelProto.decode(
    onnx.ModelProto.encode(onnx.ModelProto.fromObject({ irVersion: 8, graph })).finish()
  );

describe('findExternalTensors', () => {
  it('finds nothing in a model whose tensors are all inline', () => {
    expect(
      findExternalTensors(
        model({
          initializer: [inline('w')],
          node: [{ opType: 'Identity', input: ['w'], output: ['y'] }],
        })
      )
    ).toEqual([]);
  });

  it('finds an external initializer and names its file', () => {
    expect(
      findExternalTensors(model({ initializer: [inline('a'), external('w', 'package.json')] }))
    ).toEqual([{ where: 'graph.initializer[w]', location: 'package.json' }]);
  });

  it('finds external tensors in node attributes, sparse initializers and nested subgraphs', () => {
    const inner = {
      name: 'inner',
      initializer: [external('deep', '.env')],
      node: [
        {
          opType: 'Constant',
          output: ['c'],
          attribute: [{ name: 'value', type: 4, t: external('const', 'db') }],
        },
      ],
    };
    const found = findExternalTensors(
      model({
        sparseInitializer: [
          {
            values: external('sv', 'x.bin'),
            indices: { name: 'si', dims: [1], dataType: DataType.INT64, int64Data: [0] },
            dims: [4],
          },
        ],
        node: [
          {
            opType: 'If',
            name: 'branch',
            input: ['cond'],
            output: ['y'],
            attribute: [{ name: 'then_branch', type: 5, g: inner }],
          },
        ],
      })
    );

    expect(found.map((f) => f.location).sort()).toEqual(['.env', 'db', 'x.bin']);
    expect(found.find((f) => f.location === '.env')?.where).toBe(
      'graph.node[branch].attribute[then_branch].g.initializer[deep]'
    );
  });

  it('counts a tensor with external_data entries even when data_location says default', () => {
    const sneaky = { ...external('w', 'package.json'), dataLocation: DataLocation.DEFAULT };
    expect(findExternalTensors(model({ initializer: [sneaky] }))).toHaveLength(1);
  });
});
