import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { addSynthWarning } from '../core/synth-warnings';
import { invalidInput, requireArray, requireDnsSubdomain, requireNonEmpty, requireObject } from '../core/validation';
import { EnvValue } from '../workload/mesh-deployment';
import { MeshService } from '../workload/mesh-service';
import { travelsPodAnnotations } from './proxy-config';
import { TRAVELS_IMAGE_REGISTRY, travelsMesh, TravelsWorkloadOptions, travelsWorkload } from './options';

/** The MySQL root password of upstream's demo Secret: published in the demo's repository, so for demos only. */
const DEMO_MYSQL_PASSWORD = 'password';

/** The MySQL root credentials of the agency's database. */
export interface MysqlCredentials {
  /**
   * Root password; the chart emits the Secret `mysql-credentials` with it. The default is upstream's demo
   * value, published in the demo's repository: for demos only, and synth warns about it. Error messages never
   * show it.
   * @default - upstream's demo password
   */
  readonly rootPassword?: string;
  /**
   * Name of an existing Secret with the key `rootpasswd` to use instead; no Secret is emitted then.
   * @default - the chart emits `mysql-credentials`
   */
  readonly existingSecretName?: string;
}

/** Props of {@link TravelAgency}. */
export interface TravelAgencyProps extends TravelsWorkloadOptions {
  /** The namespace. */
  readonly namespace: string;
  /** Versions of the `travels` service. `v1` is upstream's travel_agency.yaml; v2 and v3 are travels-v2/v3.yaml. */
  readonly travelsVersions: readonly string[];
  /** The MySQL root password, or an existing Secret that holds it. @default - the demo Secret with the demo password */
  readonly mysql?: MysqlCredentials;
}

/** The travel-agency namespace of the Travels demo: travels, its backends, and MySQL. */
export class TravelAgency extends Construct {
  /** MySQL (port 3306, named `tcp`). */
  public readonly mysqldb: MeshService;
  /** discounts, called by the four booking services. */
  public readonly discounts: MeshService;
  /** cars (uses MySQL). */
  public readonly cars: MeshService;
  /** flights (uses MySQL). */
  public readonly flights: MeshService;
  /** hotels (uses MySQL); the fault-injection step's target. */
  public readonly hotels: MeshService;
  /** insurances (uses MySQL). */
  public readonly insurances: MeshService;
  /** The agency's `travels` service (not the portal of the same name). */
  public readonly travels: MeshService;

  public constructor(scope: Construct, id: string, props: TravelAgencyProps) {
    super(scope, id);
    requireObject(this, 'props', props);
    const namespace = props.namespace;
    const zipkin = travelsMesh(this, props).zipkinAddress;
    const inject = props.sidecarInjection ?? (() => true);
    const security = travelsWorkload(this, props);
    const secretName = this.credentialsSecret(namespace, props.mysql === undefined ? {} : requireObject(this, 'mysql', props.mysql, { secret: true }));
    const password: EnvValue = { secretName, key: 'rootpasswd' };

    this.mysqldb = new MeshService(this, 'mysqldb', { name: 'mysqldb', namespace, port: { number: 3306, name: 'tcp' } });
    this.mysqldb.addVersion({
      version: 'v1',
      image: `${TRAVELS_IMAGE_REGISTRY}/demo_travels_mysqldb:v1`,
      deploymentLabels: { app: 'mysqldb', version: 'v1' },
      env: { MYSQL_ROOT_PASSWORD: password },
      args: ['--default-authentication-plugin', 'mysql_native_password'],
      // The image is mysql:8.0.20, which declares no USER: as root its entrypoint steps down to the user mysql;
      // started as another user (restricted-v2 assigns one) it runs as that user. The data folder and the socket
      // folder (/var/run/mysqld, owned by mysql in the image) are emptyDirs, which any user may write.
      emptyDirs: [{ name: 'var-lib-mysql', mountPath: '/var/lib/mysql' }, { name: 'var-run-mysqld', mountPath: '/var/run/mysqld' }],
      containerSecurityContext: false, // no settings of its own (upstream has none), so the restricted minimum
      sidecarInjection: inject('mysqldb-v1'),
      ...security,
    });

    const basicEnv = (service: string, version: string) =>
      ({ CURRENT_SERVICE: service, CURRENT_VERSION: version, LISTEN_ADDRESS: ':8000' });
    const http = (name: string) => new MeshService(this, name, { name, namespace, port: { number: 8000 } });
    const url = (service: MeshService) => `http://${service.address}`;

    this.discounts = http('discounts');
    this.discounts.addVersion({
      ...security,
      version: 'v1',
      image: `${TRAVELS_IMAGE_REGISTRY}/demo_travels_discounts:v1`,
      env: basicEnv('discounts', 'v1'),
      podAnnotations: travelsPodAnnotations(zipkin),
      sidecarInjection: inject('discounts-v1'),
    });

    const withDatabase = (name: string, tracingAnnotation: boolean) => {
      const service = http(name);
      service.addVersion({
        ...security,
        version: 'v1',
        image: `${TRAVELS_IMAGE_REGISTRY}/demo_travels_${name}:v1`,
        env: {
          ...basicEnv(name, 'v1'),
          DISCOUNTS_SERVICE: url(this.discounts),
          MYSQL_SERVICE: this.mysqldb.address,
          MYSQL_USER: 'root',
          MYSQL_PASSWORD: password,
          MYSQL_DATABASE: 'test',
        },
        podAnnotations: travelsPodAnnotations(tracingAnnotation ? zipkin : undefined),
        sidecarInjection: inject(`${name}-v1`),
      });
      return service;
    };
    this.cars = withDatabase('cars', true);
    this.flights = withDatabase('flights', true);
    this.hotels = withDatabase('hotels', true);
    this.insurances = withDatabase('insurances', false); // upstream gives insurances no proxy config

    this.travels = http('travels');
    if (requireArray(this, 'travelsVersions', props.travelsVersions).length === 0) {
      throw invalidInput(this, 'travelsVersions', props.travelsVersions, 'Allowed: at least one version, e.g. ["v1", "v2", "v3"].');
    }
    for (const version of props.travelsVersions) {
      this.travels.addVersion({
        ...security,
        version,
        // upstream runs the v1 image for every version; only the labels and CURRENT_VERSION differ
        image: `${TRAVELS_IMAGE_REGISTRY}/demo_travels_travels:v1`,
        env: {
          ...basicEnv('travels', version),
          FLIGHTS_SERVICE: url(this.flights),
          HOTELS_SERVICE: url(this.hotels),
          CARS_SERVICE: url(this.cars),
          INSURANCES_SERVICE: url(this.insurances),
        },
        podAnnotations: travelsPodAnnotations(zipkin),
        sidecarInjection: inject(`travels-${version}`),
      });
    }
  }

  /** Every service of the agency. */
  public get services(): MeshService[] {
    return [this.mysqldb, this.discounts, this.cars, this.flights, this.hotels, this.insurances, this.travels];
  }

  private credentialsSecret(namespace: string, mysql: MysqlCredentials): string {
    if (mysql.existingSecretName !== undefined) {
      if (mysql.rootPassword !== undefined) {
        throw invalidInput(this, 'mysql', mysql, 'Allowed: either rootPassword or existingSecretName, not both.');
      }
      return requireDnsSubdomain(this, 'mysql.existingSecretName', mysql.existingSecretName);
    }
    if (mysql.rootPassword === undefined || mysql.rootPassword === DEMO_MYSQL_PASSWORD) {
      addSynthWarning(this, 'the MySQL root password is the Travels demo\'s, published in its repository. For anything but a demo, '
        + 'create a Secret with the key rootpasswd (oc create secret generic mysql-root -n <namespace> --from-literal=rootpasswd=<password>) '
        + 'and pass mysql: { existingSecretName: \'mysql-root\' } (npm run synth: MYSQL_SECRET_NAME=mysql-root).');
    }
    const password = requireNonEmpty(this, 'mysql.rootPassword', mysql.rootPassword ?? DEMO_MYSQL_PASSWORD, { secret: true });
    new k8s.KubeSecret(this, 'MysqlCredentials', {
      metadata: { name: 'mysql-credentials', namespace },
      type: 'Opaque',
      data: { rootpasswd: Buffer.from(password, 'utf8').toString('base64') },
    });
    return 'mysql-credentials';
  }
}
