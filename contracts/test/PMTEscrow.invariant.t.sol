// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PMTEscrow} from "../PMTEscrow.sol";
import {PMTTestToken} from "../PMTTestToken.sol";
import {EscrowFixture} from "./utils/EscrowFixture.sol";
import {TestBase} from "./utils/TestBase.sol";
import {ContractAccount} from "./mocks/Mocks.sol";

/// @notice Drives the escrow through random sequences of every user-facing call, keeping its own model of
///         what each account is owed (computed independently of the contract) and measuring what each
///         account actually receives.
contract EscrowHandler is TestBase {
    address internal constant NATIVE = address(0);

    PMTEscrow public immutable escrow;
    PMTTestToken public immutable token;
    uint256 private immutable _operatorKey;
    address private immutable _admin;
    address private immutable _keeper;
    address private immutable _arbiter;

    /// @dev Everyone who can pay, be paid, or hold a balance. Contract accounts can refuse native transfers.
    address[] public actors;
    address[] public assets;
    PMTEscrow.Payment[] private _live;
    uint256 private _nonce;

    mapping(address asset => uint256) public escrowed;
    mapping(address account => mapping(address asset => uint256)) public owed;
    mapping(address account => mapping(address asset => uint256)) public received;
    mapping(address asset => uint256) public feesOwed;

    constructor(
        PMTEscrow escrow_,
        PMTTestToken token_,
        uint256 operatorKey,
        address admin,
        address keeper,
        address arbiter,
        address treasury
    ) {
        (escrow, token, _operatorKey, _admin, _keeper, _arbiter) =
        (escrow_, token_, operatorKey, admin, keeper, arbiter);
        assets.push(NATIVE);
        assets.push(address(token_));
        actors.push(vm.addr(0xB1));
        actors.push(vm.addr(0xB2));
        actors.push(vm.addr(0xB3));
        actors.push(address(new ContractAccount()));
        actors.push(address(new ContractAccount()));
        actors.push(treasury);
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function liveCount() external view returns (uint256) {
        return _live.length;
    }

    function live(uint256 i) external view returns (PMTEscrow.Payment memory) {
        return _live[i];
    }

    // ------------------------------------------------------------ actions

    function pay(uint256 buyerSeed, uint256 merchantSeed, bool useToken, uint256 amount, uint256 feeBps, uint256 hold)
        external
    {
        if (escrow.paused()) return;
        address payer = actors[buyerSeed % 5];
        address merchant = actors[merchantSeed % 5];
        address asset = useToken ? address(token) : NATIVE;
        uint64 deadline = uint64(block.timestamp + 1 hours);
        PMTEscrow.PaymentIntent memory intent = PMTEscrow.PaymentIntent({
            id: (keccak256(abi.encode("invariant", ++_nonce)) << 64) | bytes32(uint256(deadline)),
            merchant: merchant,
            token: asset,
            amount: bound(amount, 1, 1e24),
            feeBps: uint16(bound(feeBps, 0, escrow.MAX_FEE_BPS())),
            deadline: deadline,
            holdPeriod: uint64(bound(hold, 0, 30 days))
        });
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_operatorKey, escrow.hashIntent(intent));
        bytes memory call = abi.encodeCall(PMTEscrow.pay, (intent, abi.encodePacked(r, s, v)));

        uint256 value = useToken ? 0 : intent.amount;
        if (useToken) {
            token.mint(payer, intent.amount);
            _as(payer, address(token), 0, abi.encodeCall(token.approve, (address(escrow), intent.amount)));
        } else {
            vm.deal(payer, payer.balance + intent.amount);
        }
        _as(payer, address(escrow), value, call);

        escrowed[asset] += intent.amount;
        _live.push(
            PMTEscrow.Payment({
                id: intent.id,
                buyer: payer,
                merchant: merchant,
                token: asset,
                amount: intent.amount,
                feeBps: intent.feeBps,
                releaseAfter: uint64(block.timestamp) + intent.holdPeriod,
                disputed: false
            })
        );
    }

    function releaseByBuyer(uint256 seed) external {
        if (_live.length == 0 || escrow.paused()) return;
        uint256 i = seed % _live.length;
        PMTEscrow.Payment memory payment = _live[i];
        _as(payment.buyer, address(escrow), 0, abi.encodeCall(PMTEscrow.release, (payment)));
        _creditRelease(payment, payment.amount);
        _remove(i);
    }

    function releaseBatch(uint256 seed, uint256 count) external {
        if (_live.length == 0 || escrow.paused()) return;
        count = bound(count, 1, _live.length);
        PMTEscrow.Payment[] memory batch = new PMTEscrow.Payment[](count);
        for (uint256 k; k < count; ++k) {
            batch[k] = _live[(seed % _live.length + k) % _live.length];
        }
        uint256 released = escrow.releaseBatch(batch);

        uint256 expected;
        for (uint256 k; k < count; ++k) {
            PMTEscrow.Payment memory payment = batch[k];
            if (payment.disputed || block.timestamp < payment.releaseAfter) continue;
            (bool found, uint256 i) = _find(payment.id);
            if (!found) continue; // listed twice: the first copy released it
            _creditRelease(payment, payment.amount);
            _remove(i);
            ++expected;
        }
        assertEq(released, expected, "releaseBatch count");
    }

    function refund(uint256 seed, uint256 amount, bool byKeeper) external {
        if (_live.length == 0) return;
        uint256 i = seed % _live.length;
        PMTEscrow.Payment memory payment = _live[i];
        amount = bound(amount, 1, payment.amount);
        // A disputed payment is the arbiter's: only its merchant may still refund it.
        byKeeper = byKeeper && !payment.disputed;
        _paying(
            payment.token, byKeeper ? _keeper : payment.merchant, abi.encodeCall(PMTEscrow.refund, (payment, amount))
        );

        owed[payment.buyer][payment.token] += amount;
        escrowed[payment.token] -= amount;
        if (amount == payment.amount) _remove(i);
        else _live[i].amount -= amount;
    }

    function openDispute(uint256 seed) external {
        if (_live.length == 0) return;
        uint256 i = seed % _live.length;
        PMTEscrow.Payment memory payment = _live[i];
        if (payment.disputed || block.timestamp >= payment.releaseAfter) return;
        _as(payment.buyer, address(escrow), 0, abi.encodeCall(PMTEscrow.openDispute, (payment)));
        _live[i].disputed = true;
    }

    function resolveDispute(uint256 seed, uint256 buyerAmount) external {
        if (_live.length == 0) return;
        uint256 i = seed % _live.length;
        PMTEscrow.Payment memory payment = _live[i];
        if (!payment.disputed) return;
        buyerAmount = bound(buyerAmount, 0, payment.amount);
        _paying(payment.token, _arbiter, abi.encodeCall(PMTEscrow.resolveDispute, (payment, buyerAmount)));

        owed[payment.buyer][payment.token] += buyerAmount;
        escrowed[payment.token] -= buyerAmount;
        _creditRelease(payment, payment.amount - buyerAmount);
        _remove(i);
    }

    function withdraw(uint256 actorSeed, bool useToken) external {
        address account = actors[actorSeed % actors.length];
        address asset = useToken ? address(token) : NATIVE;
        if (escrow.balanceOf(account, asset) == 0) return;
        if (!useToken && _refusesNative(account)) return;
        _paying(asset, account, abi.encodeCall(PMTEscrow.withdraw, (asset)));
    }

    function payout(bool useToken) external {
        if (escrow.paused()) return;
        _paying(
            useToken ? address(token) : NATIVE,
            _keeper,
            abi.encodeCall(PMTEscrow.payout, (useToken ? address(token) : NATIVE, actors))
        );
    }

    function withdrawFees(bool useToken) external {
        address asset = useToken ? address(token) : NATIVE;
        if (escrow.platformFees(asset) == 0) return;
        _paying(asset, _admin, abi.encodeCall(PMTEscrow.withdrawFees, (asset)));
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 10 days));
    }

    function toggleWalletRefusal(uint256 seed) external {
        ContractAccount wallet = ContractAccount(payable(actors[3 + seed % 2]));
        wallet.setMode(_refusesNative(address(wallet)) ? ContractAccount.Mode.Accept : ContractAccount.Mode.Reject);
    }

    function togglePause() external {
        bool paused = escrow.paused();
        vm.prank(_admin);
        if (paused) escrow.unpause();
        else escrow.pause();
    }

    // ------------------------------------------------------------ helpers

    /// @dev Runs a call that may send `asset` out, and books what each account received.
    function _paying(address asset, address caller, bytes memory call) private {
        uint256[] memory before = new uint256[](actors.length);
        for (uint256 k; k < actors.length; ++k) {
            before[k] = _balanceIn(asset, actors[k]);
        }
        _as(caller, address(escrow), 0, call);
        for (uint256 k; k < actors.length; ++k) {
            received[actors[k]][asset] += _balanceIn(asset, actors[k]) - before[k];
        }
    }

    /// @dev The model's own fee arithmetic, independent of the contract's.
    function _creditRelease(PMTEscrow.Payment memory payment, uint256 gross) private {
        uint256 fee = gross * payment.feeBps / 10_000;
        owed[payment.merchant][payment.token] += gross - fee;
        feesOwed[payment.token] += fee;
        escrowed[payment.token] -= gross;
    }

    function _as(address caller, address target, uint256 value, bytes memory call) private {
        if (caller.code.length != 0 && caller != address(this)) {
            ContractAccount(payable(caller)).execute(target, value, call);
            return;
        }
        vm.prank(caller);
        (bool ok, bytes memory result) = target.call{value: value}(call);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 32), mload(result))
            }
        }
    }

    function _refusesNative(address account) private view returns (bool) {
        return account.code.length != 0 && ContractAccount(payable(account)).mode() != ContractAccount.Mode.Accept;
    }

    function _balanceIn(address asset, address account) private view returns (uint256) {
        return asset == NATIVE ? account.balance : token.balanceOf(account);
    }

    function _find(bytes32 id) private view returns (bool, uint256) {
        for (uint256 i; i < _live.length; ++i) {
            if (_live[i].id == id) return (true, i);
        }
        return (false, 0);
    }

    function _remove(uint256 i) private {
        _live[i] = _live[_live.length - 1];
        _live.pop();
    }

    receive() external payable {}
}

contract PMTEscrowInvariantTest is EscrowFixture {
    EscrowHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new EscrowHandler(escrow, token, OPERATOR_KEY, admin, keeper, arbiter, treasury);
        bytes32 pauserRole = escrow.PAUSER_ROLE();
        vm.prank(admin);
        escrow.grantRole(pauserRole, address(handler));
        targetContract(address(handler));
    }

    /// @dev For every token the contract holds exactly what it owes: escrowed payments, balances and fees.
    function invariant_holdingsEqualLiabilities() public view {
        for (uint256 a; a < 2; ++a) {
            address asset = handler.assets(a);
            uint256 liabilities = handler.escrowed(asset) + escrow.platformFees(asset);
            for (uint256 k; k < handler.actorCount(); ++k) {
                liabilities += escrow.balanceOf(handler.actors(k), asset);
            }
            assertEq(balanceIn(asset, address(escrow)), liabilities, "holdings == escrowed + balances + fees");
        }
    }

    /// @dev No account ever received more than the model says it was owed, and what is still owed to it is
    ///      exactly its withdrawable balance.
    function invariant_nobodyTakesMoreThanOwed() public view {
        for (uint256 a; a < 2; ++a) {
            address asset = handler.assets(a);
            for (uint256 k; k < handler.actorCount(); ++k) {
                address account = handler.actors(k);
                bool isTreasury = account == treasury;
                uint256 due = handler.owed(account, asset) + (isTreasury ? handler.feesOwed(asset) : 0);
                uint256 got = handler.received(account, asset);
                assertLe(got, due, "received <= owed");
                uint256 pending = escrow.balanceOf(account, asset) + (isTreasury ? escrow.platformFees(asset) : 0);
                assertEq(due - got, pending, "owed - received == withdrawable");
            }
        }
    }

    /// @dev Every payment the model holds as escrowed is escrowed, with exactly the model's record.
    function invariant_liveRecordsAreCurrent() public view {
        for (uint256 i; i < handler.liveCount(); ++i) {
            assertTrue(escrow.isEscrowed(handler.live(i)), "live record is current");
        }
    }
}
