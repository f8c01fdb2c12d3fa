// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {PMTEscrow} from "../PMTEscrow.sol";
import {EscrowFixture} from "./utils/EscrowFixture.sol";
import {BlocklistToken, ContractAccount, HookToken} from "./mocks/Mocks.sol";

contract PMTEscrowBalancesTest is EscrowFixture {
    function _releasedTo(address payee, address asset, uint256 amount) private {
        PMTEscrow.PaymentIntent memory intent = newIntent(asset, amount);
        intent.merchant = payee;
        PMTEscrow.Payment memory payment = pay(intent);
        vm.prank(buyer);
        escrow.release(payment);
    }

    function test_withdraw_nativeAndToken() public {
        _releasedTo(merchant, NATIVE, 1 ether);
        _releasedTo(merchant, address(token), 10e6);

        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.Withdrawn(merchant, NATIVE, merchant, 1 ether - feeOf(1 ether));
        vm.prank(merchant);
        escrow.withdraw(NATIVE);
        vm.prank(merchant);
        escrow.withdraw(address(token));

        assertEq(merchant.balance, 1 ether - feeOf(1 ether), "native received");
        assertEq(token.balanceOf(merchant), 10e6 - feeOf(10e6), "token received");
        assertEq(escrow.balanceOf(merchant, NATIVE), 0, "native balance emptied");
        assertEq(escrow.balanceOf(merchant, address(token)), 0, "token balance emptied");
    }

    function test_withdraw_revertsWithNothing() public {
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.NothingToWithdraw.selector, merchant, NATIVE));
        vm.prank(merchant);
        escrow.withdraw(NATIVE);
    }

    function test_withdraw_worksWhilePaused() public {
        _releasedTo(merchant, NATIVE, 1 ether);
        vm.prank(admin);
        escrow.pause();
        vm.prank(merchant);
        escrow.withdraw(NATIVE);
        assertEq(merchant.balance, 1 ether - feeOf(1 ether), "withdrawn while paused");
    }

    function test_withdraw_revertsWhenRecipientRejects() public {
        ContractAccount wallet = new ContractAccount();
        _releasedTo(address(wallet), NATIVE, 1 ether);
        wallet.setMode(ContractAccount.Mode.Reject);
        uint256 owed = 1 ether - feeOf(1 ether);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.NativeTransferFailed.selector, address(wallet), owed));
        wallet.execute(address(escrow), 0, abi.encodeCall(PMTEscrow.withdraw, (NATIVE)));
        assertEq(escrow.balanceOf(address(wallet), NATIVE), owed, "balance kept");
    }

    function test_withdraw_cannotBeReentered() public {
        ContractAccount wallet = new ContractAccount();
        _releasedTo(address(wallet), NATIVE, 1 ether);
        _releasedTo(address(wallet), NATIVE, 1 ether);
        wallet.setReentry(address(escrow), abi.encodeCall(PMTEscrow.withdraw, (NATIVE)));
        // The nested withdraw reverts, so the recipient rejects the transfer of its whole balance.
        uint256 owed = 2 * (1 ether - feeOf(1 ether));
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.NativeTransferFailed.selector, address(wallet), owed));
        wallet.execute(address(escrow), 0, abi.encodeCall(PMTEscrow.withdraw, (NATIVE)));
        assertEq(escrow.balanceOf(address(wallet), NATIVE), owed, "balance intact");
    }

    function test_payout_paysEveryAccountAndSkipsEmptyOnes() public {
        address other = makeAddr("other merchant");
        _releasedTo(merchant, NATIVE, 1 ether);
        _releasedTo(other, NATIVE, 2 ether);
        address[] memory accounts = new address[](3);
        (accounts[0], accounts[1], accounts[2]) = (merchant, stranger, other);

        vm.prank(keeper);
        uint256 total = escrow.payout(NATIVE, accounts);

        assertEq(total, 3 ether - feeOf(1 ether) - feeOf(2 ether), "total");
        assertEq(merchant.balance, 1 ether - feeOf(1 ether), "merchant paid");
        assertEq(other.balance, 2 ether - feeOf(2 ether), "other paid");
        assertEq(escrow.balanceOf(merchant, NATIVE), 0, "emptied");
    }

    function test_withdrawTo_letsABlocklistedMerchantRecoverItsRevenue() public {
        BlocklistToken blocky = newBlocklistToken(10e6);
        _releasedTo(merchant, address(blocky), 10e6);
        blocky.setBlocked(merchant, true);
        uint256 owed = 10e6 - feeOf(10e6);
        address newWallet = makeAddr("merchant's new wallet");

        vm.expectRevert("BlocklistToken: recipient blocked");
        vm.prank(merchant);
        escrow.withdraw(address(blocky));

        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.Withdrawn(merchant, address(blocky), newWallet, owed);
        vm.prank(merchant);
        escrow.withdrawTo(address(blocky), newWallet);
        assertEq(blocky.balanceOf(newWallet), owed, "recovered to the address it named");
        assertEq(escrow.balanceOf(merchant, address(blocky)), 0, "balance emptied");
    }

    function test_withdrawTo_nativeWhilePaused() public {
        _releasedTo(merchant, NATIVE, 1 ether);
        vm.prank(admin);
        escrow.pause();
        vm.prank(merchant);
        escrow.withdrawTo(NATIVE, stranger);
        assertEq(stranger.balance, 1 ether - feeOf(1 ether), "sent where the merchant said");
    }

    function test_withdrawTo_reverts() public {
        _releasedTo(merchant, NATIVE, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidRecipient.selector, address(0)));
        vm.prank(merchant);
        escrow.withdrawTo(NATIVE, address(0));
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.InvalidRecipient.selector, address(escrow)));
        vm.prank(merchant);
        escrow.withdrawTo(NATIVE, address(escrow));
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.NothingToWithdraw.selector, stranger, NATIVE));
        vm.prank(stranger);
        escrow.withdrawTo(NATIVE, stranger);
        assertEq(escrow.balanceOf(merchant, NATIVE), 1 ether - feeOf(1 ether), "nothing moved");
    }

    function test_payout_hookTokenRecipientCannotStopTheBatch() public {
        ContractAccount wallet = new ContractAccount();
        HookToken hooky = newHookToken(20e6);
        hooky.registerHook(address(wallet));
        _releasedTo(merchant, address(hooky), 10e6);
        _releasedTo(address(wallet), address(hooky), 10e6); // a gas-burning merchant's, in the same token
        wallet.setMode(ContractAccount.Mode.BurnGas);

        address[] memory accounts = new address[](2);
        (accounts[0], accounts[1]) = (address(wallet), merchant);
        uint256 owed = 10e6 - feeOf(10e6);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.PayoutFailed(address(wallet), address(hooky), owed);
        vm.prank(keeper);
        uint256 total = escrow.payout{gas: 1_000_000}(address(hooky), accounts);

        assertEq(total, owed, "the honest merchant was paid");
        assertEq(hooky.balanceOf(merchant), owed, "received");
        assertEq(escrow.balanceOf(address(wallet), address(hooky)), owed, "the burner keeps its balance");
    }

    function test_payout_noGasLimitMakesAWillingRecipientFail() public {
        ContractAccount wallet = new ContractAccount();
        HookToken hooky = newHookToken(10e6);
        hooky.registerHook(address(wallet));
        _releasedTo(address(wallet), address(hooky), 10e6);
        // A payee that needs most of the push's budget, deep in nested calls: each level hands back 1/64 of
        // its gas when starved, enough for the escrow to go on and record a failed payout.
        wallet.setSpendGas(80_000);
        address[] memory accounts = new address[](1);
        accounts[0] = address(wallet);
        uint256 owed = 10e6 - feeOf(10e6);

        // Whatever gas the keeper sends, a willing payee is paid or nothing happens: no keeper can starve
        // the push so that it fails and the payout is recorded as refused.
        bytes memory tooLittleGas =
            abi.encodeWithSelector(PMTEscrow.InsufficientGasForPush.selector, escrow.TOKEN_PUSH_GAS_LIMIT());
        bool refusedForGas;
        for (uint256 gas = 100_000; gas <= 400_000; gas += 500) {
            vm.prank(keeper);
            (bool ok, bytes memory reason) =
                address(escrow).call{gas: gas}(abi.encodeCall(PMTEscrow.payout, (address(hooky), accounts)));
            if (!ok) {
                refusedForGas = refusedForGas || keccak256(reason) == keccak256(tooLittleGas);
                continue;
            }
            assertTrue(refusedForGas, "a call short of the push's budget was refused as such");
            assertEq(hooky.balanceOf(address(wallet)), owed, "paid, not refused");
            assertEq(escrow.balanceOf(address(wallet), address(hooky)), 0, "nothing kept back");
            return;
        }
        fail("no gas limit let the payout through");
    }

    function test_payout_paysAnAccountListedTwiceOnce() public {
        _releasedTo(merchant, NATIVE, 1 ether);
        address[] memory accounts = new address[](2);
        (accounts[0], accounts[1]) = (merchant, merchant);
        vm.prank(keeper);
        assertEq(escrow.payout(NATIVE, accounts), 1 ether - feeOf(1 ether), "paid once");
        assertEq(merchant.balance, 1 ether - feeOf(1 ether), "merchant paid once");
    }

    function test_payout_cannotBeReenteredByRecipient() public {
        ContractAccount wallet = new ContractAccount();
        _releasedTo(address(wallet), NATIVE, 1 ether);
        wallet.setReentry(address(escrow), abi.encodeCall(PMTEscrow.withdraw, (NATIVE)));
        address[] memory accounts = new address[](1);
        accounts[0] = address(wallet);
        vm.prank(keeper);
        escrow.payout(NATIVE, accounts); // the re-entering push fails and the balance is kept
        assertEq(escrow.balanceOf(address(wallet), NATIVE), 1 ether - feeOf(1 ether), "balance kept");
        assertEq(address(wallet).balance, 0, "nothing received");
    }

    function test_payout_keepsBalanceOfFailingRecipient() public {
        ContractAccount wallet = new ContractAccount();
        _releasedTo(address(wallet), NATIVE, 1 ether);
        _releasedTo(merchant, NATIVE, 1 ether);
        wallet.setMode(ContractAccount.Mode.BurnGas);
        address[] memory accounts = new address[](2);
        (accounts[0], accounts[1]) = (address(wallet), merchant);
        uint256 owed = 1 ether - feeOf(1 ether);

        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.PayoutFailed(address(wallet), NATIVE, owed);
        vm.prank(keeper);
        uint256 total = escrow.payout(NATIVE, accounts);

        assertEq(total, owed, "only the merchant was paid");
        assertEq(escrow.balanceOf(address(wallet), NATIVE), owed, "failed recipient keeps its balance");
        assertEq(merchant.balance, owed, "the rest of the batch went through");
    }

    function test_payout_tokenToBlocklistedRecipientKeepsBalance() public {
        BlocklistToken blocky = newBlocklistToken(10e6);
        _releasedTo(merchant, address(blocky), 10e6);
        blocky.setBlocked(merchant, true);

        address[] memory accounts = new address[](1);
        accounts[0] = merchant;
        vm.prank(keeper);
        escrow.payout(address(blocky), accounts);
        assertEq(escrow.balanceOf(merchant, address(blocky)), 10e6 - feeOf(10e6), "balance kept");
    }

    function test_payout_onlyKeeperAndNotWhilePaused() public {
        address[] memory accounts = new address[](0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, merchant, escrow.KEEPER_ROLE()
            )
        );
        vm.prank(merchant);
        escrow.payout(NATIVE, accounts);

        vm.prank(admin);
        escrow.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(keeper);
        escrow.payout(NATIVE, accounts);
    }

    function test_withdrawFees_sendsToTreasury() public {
        _releasedTo(merchant, address(token), 100e6);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.FeesWithdrawn(address(token), treasury, feeOf(100e6));
        vm.prank(admin);
        escrow.withdrawFees(address(token));
        assertEq(token.balanceOf(treasury), feeOf(100e6), "treasury paid");
        assertEq(escrow.platformFees(address(token)), 0, "fees emptied");

        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.NothingToWithdraw.selector, address(escrow), address(token)));
        vm.prank(admin);
        escrow.withdrawFees(address(token));
    }

    function test_withdrawFees_onlyAdmin() public {
        _releasedTo(merchant, NATIVE, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, keeper, bytes32(0))
        );
        vm.prank(keeper);
        escrow.withdrawFees(NATIVE);
    }
}
