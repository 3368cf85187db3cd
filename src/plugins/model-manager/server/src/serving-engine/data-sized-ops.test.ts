import { readdirSync, readFileSync } from 'fs';
import path from 'path';
import { onnx } from 'onnx-proto';
import { findDataSizedNodes, refusedDataSizedNodes } from './data-sized-ops';

const MODELS = path.resolve(__dirname, '../../../../../../../shared/data/models');

type Node = { opType: string; input: string[]; output: string[]; attribute?: object[] };
const model = (nodes: Node[], weights: string[] = []) =>
  onnx.ModelProto.fromObject({
    graph: {
      initializer: weights.map((name) => ({ name, dims: [1], dataType: 7, int64Data: [2] })),
      node: nodes,
    },
  });

describe('which graphs can be sized by their data', () => {
  it.each(
    [
      path.join(MODELS, 'sklearn_tfidf_lr.onnx'),
      ...readdirSync(path.join(MODELS, 'real_skl2onnx'))
        .filter((f) => f.endsWith('.onnx'))
        .map((f) => path.join(MODELS, 'real_skl2onnx', f)),
    ].map((file) => [path.basename(file), file])
  )('the real scikit-learn export %s has none', (_, file) => {
    expect(findDataSizedNodes(onnx.ModelProto.decode(readFileSync(file)))).toEqual([]);
  });

  it('a Loop is found, even with a constant trip count (its body decides when to stop)', () => {
    const found = findDataSizedNodes(
      model([{ opType: 'Loop', input: ['trips', 'cond'], output: ['v'] }], ['trips', 'cond'])
    );
    expect(found).toEqual([{ opType: 'Loop', where: 'graph.node[Loop]' }]);
  });

  it('an allocation sized by a computed tensor is found; one sized by the weights is not', () => {
    const nodes: Node[] = [
      { opType: 'Shape', input: ['text'], output: ['n'] },
      { opType: 'ConstantOfShape', input: ['n'], output: ['grown'] },
      { opType: 'Tile', input: ['grown', 'repeats'], output: ['tiled'] },
    ];
    expect(findDataSizedNodes(model(nodes, ['repeats'])).map((n) => n.opType)).toEqual([
      'ConstantOfShape',
    ]);
  });

  it('a node inside a subgraph and inside a local function is found', () => {
    const inner = { node: [{ opType: 'Expand', input: ['x', 'shape'], output: ['y'] }] };
    const proto = onnx.ModelProto.fromObject({
      graph: {
        node: [
          {
            opType: 'Identity',
            input: ['a'],
            output: ['b'],
            attribute: [{ name: 'body', type: 5, g: inner }],
          },
        ],
      },
      functions: [
        { name: 'f', node: [{ opType: 'Range', input: ['s', 'l', 'd'], output: ['r'] }] },
      ],
    });
    expect(findDataSizedNodes(proto).map((n) => n.where)).toEqual([
      'graph.node[Identity].attribute[body].g.node[Expand]',
      'functions[f].node[Range]',
    ]);
  });

  it('the allow-list lets the named operators through, and only those', () => {
    const proto = model([
      { opType: 'Loop', input: ['m', 'c'], output: ['v'] },
      { opType: 'Expand', input: ['x', 's'], output: ['y'] },
    ]);
    expect(refusedDataSizedNodes(proto, ['Loop']).map((n) => n.opType)).toEqual(['Expand']);
  });
});
