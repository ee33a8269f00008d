/** Where the example hosted cluster clusters/prod lives on a management cluster (the facts reader's scope). */
export const prodScope = {
  hcNamespace: 'clusters',
  hcName: 'prod',
  controlPlaneNamespace: 'clusters-prod',
  operatorNamespace: 'hypershift',
  oadpNamespace: 'openshift-adp',
};
