import { describe, expect, it } from 'vitest';
import { checkTerraform } from '../src/checks.js';
import { parseTerraformFile } from '../src/terraform.js';

describe('Terraform for GKE', () => {
  it('when k8s/terraform is parsed by the HCL parser, then it declares documented variables and outputs', async () => {
    const result = await checkTerraform();
    expect(result.problems).toEqual([]);
    expect(result.files).toBe(4);
    expect(result.variables).toBeGreaterThanOrEqual(10);
    expect(result.outputs).toBeGreaterThanOrEqual(5);
  });

  it('when HCL is malformed, then the parser rejects it with the position', async () => {
    await expect(
      parseTerraformFile('broken.tf', 'resource "a" "b" {\n  x = \n}\n'),
    ).rejects.toThrow(/broken\.tf:2/);
  });
});
