// Child process of test/write-tree.test.ts: writes one generation of a tree with writeTreeAtomically and, when
// asked, kills itself with SIGKILL right after the k-th step the writer reports. Also exports the generations,
// so the test knows exactly what a complete old or new tree holds.
'use strict';

/** The files of one generation: names shared by every generation and names of its own, each naming its generation. */
function generationFiles(generation, count) {
  const files = new Map();
  for (let i = 0; i < count; i++) {
    const path = i % 2 === 0 ? `shared/${i % 3}/file-${i}.yaml` : `only-${generation}/file-${i}.yaml`;
    files.set(path, `generation: ${generation}\nfile: ${path}\n${'x'.repeat(2000)}\n`);
  }
  return files;
}

module.exports = { generationFiles };

if (require.main === module) {
  const [module_, outdir, generation, count, killAt] = process.argv.slice(2);
  const { writeTreeAtomically } = require(module_);
  let steps = 0;
  try {
    writeTreeAtomically(outdir, generationFiles(generation, Number(count)), {
      onStep: () => {
        steps++;
        if (steps === Number(killAt)) process.kill(process.pid, 'SIGKILL');
      },
    });
    process.stdout.write(`steps ${steps}\n`);
  } catch (error) {
    process.stderr.write(`${error.name}: ${error.message}\n`);
    process.exit(3);
  }
}
